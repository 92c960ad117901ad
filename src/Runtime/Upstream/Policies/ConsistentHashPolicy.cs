using System.Text;

namespace ProxyServer.Runtime.Upstream.Policies;

/// <summary>
/// <c>hash KEY consistent</c> (<c>ngx_http_upstream_get_chash_peer</c>): crc32 of the key finds the
/// first ring point at or after it; the point's server name selects the peers written with that name
/// (several when a name resolved to several addresses: smooth weighted round robin among them); an
/// unusable server moves to the next point. After 20 misses, or with an empty key, round robin.
/// </summary>
public sealed class ConsistentHashPolicy(KetamaRing ring) : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.ConsistentHash;

    public KetamaRing Ring { get; } = ring;

    public void BeginRequest(PeerSelection selection) =>
        selection.HashValue = (ulong)Ring.FindPoint(NginxCrc32.Compute(Encoding.UTF8.GetBytes(selection.HashKey)));

    public UpstreamPeer? PickPeer(PeerSelection selection)
    {
        if (selection.MethodTries > 20 || selection.Peers.Single || selection.HashKey.Length == 0)
            return RoundRobinPolicy.GetPeer(selection);

        var now = selection.Now;
        var peers = selection.Peers.Peers;
        while (true)
        {
            var server = Ring.ServerAt(selection.HashValue);
            UpstreamPeer? best = null;
            long total = 0;
            for (var i = 0; i < peers.Count; i++)
            {
                var peer = peers[i];
                if (selection.IsTried(i) || peer.Down) continue;
                if (Ring.ServerOf(i) != server) continue;
                if (peer.IsTemporarilyDisabled(now) || peer.IsAtMaxConns) continue;
                peer.CurrentWeight += peer.EffectiveWeight;
                total += peer.EffectiveWeight;
                if (peer.EffectiveWeight < peer.Weight) peer.EffectiveWeight++;
                if (best is null || peer.CurrentWeight > best.CurrentWeight) best = peer;
            }

            if (best is not null)
            {
                best.CurrentWeight -= total;
                selection.Current = best;
                best.MarkChosen(now);
                selection.MarkTried(best.Index);
                return best;
            }

            selection.HashValue++;
            if (++selection.MethodTries > 20) return RoundRobinPolicy.GetPeer(selection);
        }
    }
}
