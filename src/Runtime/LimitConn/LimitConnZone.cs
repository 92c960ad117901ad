using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Runtime.LimitConn;

/// <summary>
/// The memory of one <c>limit_conn_zone</c>: the number of live requests per key (ngx_http_limit_conn_node_t),
/// a key's entry taking the room nginx's slab allocator gives it and freed when its last request ends. It lives
/// in the process's cycle and outlives a reload that keeps the zone's name and size.
/// </summary>
public sealed class LimitConnZone : SharedMemoryZone
{
    /// <summary>offsetof(ngx_rbtree_node_t, color) + offsetof(ngx_http_limit_conn_node_t, data) on x86_64.</summary>
    private const int NodeHeader = 32 + 4;

    private readonly Dictionary<string, LimitConnNode> _nodes = new(StringComparer.Ordinal);

    public LimitConnZone(string name, long size, string key) : base(name, size, LimitChecks.LimitConnModule)
    {
        Key = key;
        // ngx_http_limit_conn_init_zone: the tree head, then " in limit_conn_zone "NAME"" for slab errors.
        Pool.Allocate(64);
        Pool.Allocate(" in limit_conn_zone \"\"".Length + 1 + name.Length);
    }

    /// <summary>The key as written: a reload that binds the zone to another key is refused.</summary>
    public string Key { get; }

    /// <summary>
    /// ngx_http_limit_conn_handler for one limit, under the zone's mutex: the key's count goes up unless it is
    /// at <paramref name="limit"/> (false, <paramref name="full"/> false) or the zone has no room (false, true).
    /// </summary>
    public bool TryEnter(string key, int limit, ErrorLog cycleLog, out bool full, out LimitConnNode? node)
    {
        full = false;
        if (_nodes.TryGetValue(key, out node))
        {
            if (node.Count >= limit) return false;
            node.Count++;
            return true;
        }
        if (Pool.Allocate(NodeHeader + key.Length) is not { } memory)
        {
            cycleLog.Write(LogLevel.Crit, $"ngx_slab_alloc() failed: no memory in limit_conn_zone \"{Name}\"");
            full = true;
            return false;
        }
        node = new LimitConnNode(key, memory) { Count = 1 };
        _nodes.Add(key, node);
        return true;
    }

    /// <summary>ngx_http_limit_conn_cleanup: the request ended; a key with none left is forgotten.</summary>
    public void Leave(LimitConnNode node)
    {
        lock (Mutex)
        {
            if (--node.Count != 0) return;
            _nodes.Remove(node.Key);
            Pool.Free(node.Memory);
        }
    }
}

/// <summary>One key's live requests.</summary>
public sealed class LimitConnNode(string key, SlabAllocation memory)
{
    public string Key { get; } = key;
    public SlabAllocation Memory { get; } = memory;
    public int Count { get; set; }
}
