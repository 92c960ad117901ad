namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// A balancing method: given one request's <see cref="PeerSelection"/> (tried peers, client address,
/// hash key), picks the next peer or null when no peer is live (nginx's NGX_BUSY).
/// Called with the group's lock held; one instance per upstream group holds that group's derived
/// data (a Ketama ring, random ranges), the per-peer state lives on <see cref="UpstreamPeer"/>.
/// </summary>
public interface ILoadBalancingPolicy
{
    string Name { get; }

    UpstreamPeer? PickPeer(PeerSelection selection);

    /// <summary>Per-request set-up (nginx's <c>peer.init</c>): ip_hash seeds its hash, consistent hash finds its ring point.</summary>
    void BeginRequest(PeerSelection selection) { }
}
