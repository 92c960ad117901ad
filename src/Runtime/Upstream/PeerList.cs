namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// The primary or the backup peers of a group (<c>ngx_http_upstream_rr_peers_t</c>), in config order.
/// </summary>
public sealed class PeerList
{
    internal PeerList(IReadOnlyList<UpstreamPeer> peers, bool single)
    {
        Peers = peers;
        Single = single;
        TotalWeight = peers.Sum(p => (long)p.Weight);
        Tries = peers.Count(p => !p.Down);
    }

    public IReadOnlyList<UpstreamPeer> Peers { get; }

    public int Count => Peers.Count;

    /// <summary>Exactly one primary peer and no backups: nginx then skips all failure accounting.</summary>
    public bool Single { get; }

    public long TotalWeight { get; }

    /// <summary>Peers not marked <c>down</c>: what a request may try from this list.</summary>
    public int Tries { get; }

    /// <summary>The peer whose weighted range contains <paramref name="w"/> (0 &lt;= w &lt; TotalWeight).</summary>
    internal UpstreamPeer PeerAtWeight(long w)
    {
        var index = 0;
        while (w >= Peers[index].Weight)
        {
            w -= Peers[index].Weight;
            index++;
        }
        return Peers[index];
    }
}
