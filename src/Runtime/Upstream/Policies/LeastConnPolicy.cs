using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives;
namespace ProxyServer.Runtime.Upstream.Policies;

/// <summary>
/// <c>least_conn</c> (<c>ngx_http_upstream_get_least_conn_peer</c>): the peer with the fewest active
/// connections relative to its weight (conns/weight compared by cross-multiplying); when several
/// tie, smooth weighted round robin among them, starting from the first of them.
/// </summary>
public sealed class LeastConnPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.LeastConn;

    public UpstreamPeer? PickPeer(PeerSelection selection) => GetPeer(selection);

    private static UpstreamPeer? GetPeer(PeerSelection selection)
    {
        if (selection.Peers.Single) return RoundRobinPolicy.GetPeer(selection);

        var now = selection.Now;
        var peers = selection.Peers.Peers;
        UpstreamPeer? best = null;
        var many = false;
        var first = 0;
        for (var i = 0; i < peers.Count; i++)
        {
            var peer = peers[i];
            if (selection.IsTried(i) || peer.IsUnavailable(now)) continue;
            if (best is null || peer.Conns * best.Weight < best.Conns * peer.Weight)
            {
                best = peer;
                many = false;
                first = i;
            }
            else if (peer.Conns * best.Weight == best.Conns * peer.Weight)
            {
                many = true;
            }
        }

        if (best is null)
            return RoundRobinPolicy.SwitchToBackup(selection) ? GetPeer(selection) : null;

        long total = 0;
        if (many)
        {
            for (var i = first; i < peers.Count; i++)
            {
                var peer = peers[i];
                if (selection.IsTried(i) || peer.Down) continue;
                if (peer.Conns * best.Weight != best.Conns * peer.Weight) continue;
                if (peer.IsTemporarilyDisabled(now) || peer.IsAtMaxConns) continue;
                peer.CurrentWeight += peer.EffectiveWeight;
                total += peer.EffectiveWeight;
                if (peer.EffectiveWeight < peer.Weight) peer.EffectiveWeight++;
                if (peer.CurrentWeight > best.CurrentWeight) best = peer;
            }
        }

        best.CurrentWeight -= total;
        best.MarkChosen(now);
        selection.Current = best;
        selection.MarkTried(best.Index);
        return best;
    }
}

/// <summary><c>least_conn;</c> (<c>ngx_http_upstream_least_conn_module</c>).</summary>
public sealed class LeastConnBalancer : IBalancer
{
    public DirectiveKey Directive => UpstreamLeastConnDirectives.LeastConn;
    public IReadOnlyList<string> Names { get; } = [LoadBalancingPolicies.LeastConn];
    public BalancingMethod? Read(IReadOnlyList<string> args) => new(LoadBalancingPolicies.LeastConn);
    public ILoadBalancingPolicy Create(BalancingMethod method, PeerList primary, Random random) => new LeastConnPolicy();
}
