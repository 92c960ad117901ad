using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Runtime.LimitConn;

/// <summary>
/// The memory of one <c>limit_conn_zone</c>: the number of live requests per key (ngx_http_limit_conn_node_t),
/// a key's entry taking the room nginx's slab allocator gives it and freed when its last request ends. It lives
/// in the process's cycle and outlives a reload that keeps the zone's name and size.
/// </summary>
public sealed class LimitConnZone : KeyedSharedMemoryZone
{
    /// <summary>offsetof(ngx_rbtree_node_t, color) + offsetof(ngx_http_limit_conn_node_t, data) on x86_64.</summary>
    private const int NodeHeader = 32 + 4;

    private readonly Dictionary<string, LimitConnNode> _nodes = new(StringComparer.Ordinal);

    public LimitConnZone(string name, long size, string key) : base(name, size, LimitChecks.LimitConnModule, key)
    {
        // ngx_http_limit_conn_init_zone: the tree head, then " in limit_conn_zone "NAME"" for slab errors.
        Pool.Allocate(64);
        Pool.Allocate(" in limit_conn_zone \"\"".Length + 1 + name.Length);
    }

    /// <summary>
    /// ngx_http_limit_conn_handler for one limit, under the zone's mutex: the key's count goes up unless it is
    /// at <paramref name="limit"/> (false, <paramref name="full"/> false) or the zone has no room (false, true).
    /// </summary>
    public bool TryEnter(string key, int limit, out bool full, out LimitConnNode? node)
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
            // Full: refused without a line of its own (the zone's slab pool keeps nginx's log_nomem).
            full = true;
            return false;
        }
        node = new LimitConnNode(key, memory) { Count = 1 };
        _nodes.Add(key, node);
        return true;
    }

    /// <summary>
    /// Lets go the requests counted on <paramref name="node"/> whose clients have closed their connection but
    /// whose end has not reached us yet (Kestrel tells a closed connection a moment after reading it; nginx's
    /// event loop reads the close before a request that came after it). True when one was let go.
    /// </summary>
    public bool ReleaseClosed(LimitConnNode node)
    {
        List<LimitConnHold> closed;
        lock (Mutex) closed = [.. node.Holds.Where(h => h.ClientClosed)];
        foreach (var hold in closed) hold.Dispose();
        return closed.Count > 0;
    }

    /// <summary>ngx_http_limit_conn_cleanup: the request ended; a key with none left is forgotten.</summary>
    public void Leave(LimitConnNode node, LimitConnHold hold)
    {
        lock (Mutex)
        {
            node.Holds.Remove(hold);
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

    /// <summary>The requests counted, to find those whose client is gone.</summary>
    public HashSet<LimitConnHold> Holds { get; } = [];
}

/// <summary>
/// One request's count in one zone, let go when the request ends (nginx's pool cleanup) or, sooner, when the
/// client goes away (nginx finalizes such a request at once: ngx_http_upstream_check_broken_connection).
/// </summary>
public sealed class LimitConnHold : IDisposable
{
    private readonly LimitConnZone _zone;
    private readonly LimitConnNode _node;
    private readonly Socket? _socket;
    private readonly CancellationTokenRegistration _aborted;
    private int _done;

    public LimitConnHold(LimitConnZone zone, LimitConnNode node, HttpContext http)
    {
        _zone = zone;
        _node = node;
        // HTTP/1 only: an HTTP/2 stream's end is its own (RST_STREAM cancels the request at once).
        _socket = http.Request.Protocol.StartsWith("HTTP/1", StringComparison.Ordinal) && !http.Request.IsHttps
            ? http.Features.Get<IConnectionSocketFeature>()?.Socket : null;
        lock (zone.Mutex) node.Holds.Add(this);
        _aborted = http.RequestAborted.Register(static h => ((LimitConnHold)h!).Dispose(), this);
    }

    /// <summary>The client's end of the connection is closed (readable with nothing to read, as nginx's recv() of 0).</summary>
    public bool ClientClosed
    {
        get
        {
            try
            {
                return _socket is not null && _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return true;
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _done, 1) != 0) return;
        _aborted.Unregister();
        _zone.Leave(_node, this);
    }
}
