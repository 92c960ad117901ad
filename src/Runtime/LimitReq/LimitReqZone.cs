using System.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Runtime.LimitReq;

/// <summary>
/// The memory of one <c>limit_req_zone</c> (ngx_http_limit_req_shctx_t): a leaky bucket per key, found by key
/// and queued most recently used first, within the zone's size as nginx's slab allocator would hold them.
/// Lookup and accounting follow ngx_http_limit_req_lookup, _account and _expire line for line, in nginx's
/// integers (excess in thousandths of a request, time in milliseconds), so the same arrivals give the same
/// verdicts. It lives in the process's cycle and outlives a reload that keeps the zone's name and size.
/// </summary>
public sealed class LimitReqZone : KeyedSharedMemoryZone
{
    /// <summary>offsetof(ngx_rbtree_node_t, color) + offsetof(ngx_http_limit_req_node_t, data) on x86_64.</summary>
    private const int NodeHeader = 32 + 48;

    private readonly Dictionary<string, LimitReqNode> _nodes = new(StringComparer.Ordinal);
    private readonly LinkedList<LimitReqNode> _queue = new();
    /// <summary>With <c>sync</c>: the requests this instance charged per key since the exchange last took them.</summary>
    private Dictionary<string, long>? _charged;

    public LimitReqZone(string name, long size, string key, LimitReqZoneSync? sync = null) : base(name, size, LimitChecks.LimitReqModule, key)
    {
        Sync = sync;
        if (sync is not null) _charged = new(StringComparer.Ordinal);
        // ngx_http_limit_req_init_zone: the tree and queue heads, then " in limit_req zone "NAME"" for slab errors.
        Pool.Allocate(80);
        Pool.Allocate(" in limit_req zone \"\"".Length + 1 + name.Length);
    }

    /// <summary><c>sync</c>: how this zone shares its counts with other instances, or null.</summary>
    public LimitReqZoneSync? Sync { get; }

    /// <summary>nginx's ngx_current_msec: milliseconds of the monotonic clock.</summary>
    public static ulong Now => (ulong)(Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1000));

    /// <summary>
    /// ngx_http_limit_req_lookup, under <see cref="SharedMemoryZone.Mutex"/>. With <paramref name="account"/>
    /// (the location's last limit) the bucket is charged at once; otherwise the node is held (count) for
    /// <see cref="Account"/>. <paramref name="excess"/> is the excess this request would make.
    /// </summary>
    public LimitReqResult Lookup(string key, long rate, long burst, bool account, ErrorLog cycleLog, out long excess, out LimitReqNode? held)
    {
        held = null;
        var now = Now;
        if (_nodes.TryGetValue(key, out var lr))
        {
            MostRecent(lr);

            var ms = Elapsed(now, lr.Last);
            excess = Leak(lr.Excess, rate, ms);
            if (excess > burst) return LimitReqResult.Busy;
            if (account)
            {
                lr.Excess = excess;
                if (ms != 0) lr.Last = now;
                Charged(key);
                return LimitReqResult.Ok;
            }
            lr.Count++;
            held = lr;
            return LimitReqResult.Again;
        }

        excess = 0;
        Expire(now, 1, rate);
        lr = AddNode(key, now, rate);
        if (lr is null)
        {
            cycleLog.Write(LogLevel.Alert, $"could not allocate node in limit_req zone \"{Name}\"");
            return LimitReqResult.Error;
        }
        if (account)
        {
            lr.Last = now;
            Charged(key);
            return LimitReqResult.Ok;
        }
        lr.Last = 0;
        lr.Count = 1;
        held = lr;
        return LimitReqResult.Again;
    }

    /// <summary>
    /// A node for a key not in the zone, first in the queue, or null when the zone is full even after the least
    /// recently used key went (silently: the zone's slab pool keeps nginx's log_nomem).
    /// </summary>
    private LimitReqNode? AddNode(string key, ulong now, long rate)
    {
        var size = NodeHeader + key.Length;
        var memory = Pool.Allocate(size);
        if (memory is null)
        {
            Expire(now, 0, rate);
            memory = Pool.Allocate(size);
            if (memory is null) return null;
        }
        var lr = new LimitReqNode(key, memory);
        _nodes.Add(key, lr);
        _queue.AddFirst(lr.Queue);
        return lr;
    }

    private void MostRecent(LimitReqNode lr)
    {
        _queue.Remove(lr.Queue);
        _queue.AddFirst(lr.Queue);
    }

    /// <summary>ngx_http_limit_req_account for one held node: charge it now; the excess it leaves.</summary>
    public long Account(LimitReqNode lr, long rate)
    {
        var now = Now;
        var ms = Elapsed(now, lr.Last);
        var excess = Leak(lr.Excess, rate, ms);
        if (ms != 0) lr.Last = now;
        lr.Excess = excess;
        lr.Count--;
        Charged(lr.Key);
        return excess;
    }

    private void Charged(string key)
    {
        if (_charged is not null) _charged[key] = _charged.GetValueOrDefault(key) + 1;
    }

    /// <summary><c>sync</c>: what this instance charged since the last call, under <see cref="SharedMemoryZone.Mutex"/>.</summary>
    public Dictionary<string, long>? TakeCharged()
    {
        if (_charged is not { Count: > 0 } charged) return null;
        _charged = new(StringComparer.Ordinal);
        return charged;
    }

    /// <summary>
    /// <c>sync</c>: <paramref name="count"/> requests another instance let through for <paramref name="key"/> are
    /// charged here as if they had come in now (each as ngx_http_limit_req_lookup charges an accepted one), so
    /// this instance's next verdicts count them; a key not seen yet gets a node as a first request would.
    /// Under <see cref="SharedMemoryZone.Mutex"/>.
    /// </summary>
    /// <returns>False when the zone had no memory left for a new key (nginx's "could not allocate node").</returns>
    public bool ChargeRemote(string key, long count, long rate)
    {
        if (count <= 0 || key.Length is 0 or > 65535) return true;
        var now = Now;
        if (!_nodes.TryGetValue(key, out var lr))
        {
            lr = AddNode(key, now, rate);
            if (lr is null) return false;
            lr.Last = now;
            // A first request leaves no excess; every one after it adds a whole request.
            lr.Excess = (count - 1) * 1000;
            return true;
        }
        MostRecent(lr);
        var ms = Elapsed(now, lr.Last);
        lr.Excess = Leak(lr.Excess, rate, ms) + (count - 1) * 1000;
        if (ms != 0) lr.Last = now;
        return true;
    }

    /// <summary>The model that declares this zone serves: a <c>sync</c> zone starts sharing (once).</summary>
    public override void Serve() => Sync?.Start(this);

    /// <summary>No serving model declares it any more: a <c>sync</c> zone stops sharing and gives its lease back.</summary>
    public override ValueTask RetireAsync() => Sync?.StopAsync() ?? ValueTask.CompletedTask;

    /// <summary>ngx_http_limit_req_unlock: a held node is let go uncharged (a later limit refused the request).</summary>
    public static void Release(LimitReqNode lr) => lr.Count--;

    /// <summary>(ngx_msec_int_t) (now - last), a clock step back of a minute or more read as 1 ms, a smaller one as 0.</summary>
    private static long Elapsed(ulong now, ulong last)
    {
        var ms = (long)(now - last);
        return ms < -60000 ? 1 : ms < 0 ? 0 : ms;
    }

    /// <summary><c>excess = lr->excess - ctx->rate * ms / 1000 + 1000</c>, not below zero.</summary>
    private static long Leak(long excess, long rate, long ms)
    {
        var left = unchecked((long)((ulong)excess - (ulong)rate * (ulong)ms / 1000 + 1000));
        return left < 0 ? 0 : left;
    }

    /// <summary>
    /// ngx_http_limit_req_expire: <paramref name="n"/> 1 drops up to two least recently used keys idle for a
    /// minute whose bucket has drained; 0 first drops the least recently used one whatever its state. A key a
    /// request holds stops the walk.
    /// </summary>
    private void Expire(ulong now, int n, long rate)
    {
        while (n < 3)
        {
            if (_queue.Last is not { } last) return;
            var lr = last.Value;
            if (lr.Count != 0) return;
            if (n++ != 0)
            {
                var ms = Math.Abs((long)(now - lr.Last));
                if (ms < 60000) return;
                if (lr.Excess - rate * ms / 1000 > 0) return;
            }
            _queue.RemoveLast();
            _nodes.Remove(lr.Key);
            Pool.Free(lr.Memory);
        }
    }
}

/// <summary>One key's bucket (ngx_http_limit_req_node_t).</summary>
public sealed class LimitReqNode
{
    public LimitReqNode(string key, SlabAllocation memory)
    {
        Key = key;
        Memory = memory;
        Queue = new LinkedListNode<LimitReqNode>(this);
    }

    public string Key { get; }
    public SlabAllocation Memory { get; }
    public LinkedListNode<LimitReqNode> Queue { get; }

    /// <summary>When the bucket was last charged, in <see cref="LimitReqZone.Now"/> milliseconds.</summary>
    public ulong Last { get; set; }

    /// <summary>Requests above the rate, in thousandths.</summary>
    public long Excess { get; set; }

    /// <summary>Requests holding the node between lookup and accounting.</summary>
    public int Count { get; set; }
}

/// <summary>ngx_http_limit_req_lookup's answers: NGX_OK, NGX_AGAIN, NGX_BUSY, NGX_ERROR.</summary>
public enum LimitReqResult { Ok, Again, Busy, Error }
