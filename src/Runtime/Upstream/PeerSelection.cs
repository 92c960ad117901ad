using System.Net;

namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// One request's walk through a group (nginx's per-request peer data): the peers already tried,
/// the tries left, the peer in use, and each method's own cursor (hash value, re-hash count).
/// <see cref="Pick"/> and <see cref="Free"/> alternate: pick a peer, forward, report the outcome.
/// </summary>
public sealed class PeerSelection
{
    /// <summary>Tried peers' bits: <see cref="_tried0"/> for the first 64, the array only for larger groups (no allocation per request in most).</summary>
    private ulong _tried0;
    private readonly ulong[]? _tried;

    internal PeerSelection(UpstreamGroup group, IPAddress? clientAddress, string? hashKey)
    {
        Group = group;
        Peers = group.Primary;
        ClientAddress = clientAddress;
        HashKey = hashKey ?? "";
        Tries = group.Tries;
        var bits = Math.Max(group.Primary.Count, group.Backup?.Count ?? 0);
        if (bits > 64) _tried = new ulong[(bits + 63) / 64];
        group.Policy.BeginRequest(this);
    }

    public UpstreamGroup Group { get; }

    /// <summary>The list being balanced: the primaries, or the backups once every primary failed.</summary>
    public PeerList Peers { get; internal set; }

    public IPAddress? ClientAddress { get; }

    /// <summary>The evaluated <c>hash</c> key.</summary>
    public string HashKey { get; }

    /// <summary>Peers left to try (nginx's <c>pc->tries</c>); cap it with <c>proxy_next_upstream_tries</c>.</summary>
    public int Tries { get; set; }

    /// <summary>The peer picked last and not yet freed.</summary>
    public UpstreamPeer? Current { get; internal set; }

    /// <summary>Method cursors: hash/ip_hash/random try counters, the running hash, the re-hash count.</summary>
    internal int MethodTries;
    internal ulong HashValue;
    internal ulong Rehash;

    internal long Now { get; private set; }

    /// <summary>The next peer to forward to, or null: no live upstreams (nginx's NGX_BUSY, a 502).</summary>
    public UpstreamPeer? Pick()
    {
        UpstreamPeer? peer;
        lock (Group.SyncRoot)
        {
            Now = Group.Now;
            peer = Group.Policy.PickPeer(this);
        }
        return peer;
    }

    /// <summary>
    /// Reports how the current peer answered (nginx's <c>free_peer</c>): a failure counts toward
    /// max_fails and lowers the peer's effective weight by weight/max_fails; a success after the
    /// fail_timeout window clears the failures. Returns true when this failure disabled the peer
    /// (nginx logs "upstream server temporarily disabled").
    /// </summary>
    public bool Free(PeerOutcome outcome, TimeSpan? headerTime = null, TimeSpan? lastByteTime = null)
    {
        lock (Group.SyncRoot)
        {
            var peer = Current ?? throw new InvalidOperationException("no peer to free");
            Current = null;
            if (outcome != PeerOutcome.Failed) Policies.LeastTimePolicy.Record(peer, headerTime, lastByteTime);
            return Policies.RoundRobinPolicy.FreePeer(this, peer, outcome, Group.Now);
        }
    }

    internal bool IsTried(int index) => ((_tried is null ? _tried0 : _tried[index >> 6]) & (1UL << (index & 63))) != 0;

    internal void MarkTried(int index)
    {
        if (_tried is null) _tried0 |= 1UL << (index & 63);
        else _tried[index >> 6] |= 1UL << (index & 63);
    }

    internal void ClearTried()
    {
        _tried0 = 0;
        if (_tried is not null) Array.Clear(_tried);
    }
}
