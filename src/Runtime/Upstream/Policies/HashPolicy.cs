using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives;
using System.Globalization;
using System.Text;

namespace ProxyServer.Runtime.Upstream.Policies;

/// <summary>
/// <c>hash KEY</c> (<c>ngx_http_upstream_get_hash_peer</c>), compatible with Cache::Memcached:
/// each round adds ((crc32([REHASH] KEY) &gt;&gt; 16) &amp; 0x7fff) to a running hash, REHASH being the
/// round number written in decimal and omitted in the first round; the running hash modulo the
/// total weight picks the peer. After 20 misses, or with an empty key, round robin.
/// </summary>
public sealed class HashPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.Hash;

    public UpstreamPeer? PickPeer(PeerSelection selection)
    {
        if (selection.MethodTries > 20 || selection.Peers.Single || selection.HashKey.Length == 0)
            return RoundRobinPolicy.GetPeer(selection);

        var now = selection.Now;
        var key = Encoding.UTF8.GetBytes(selection.HashKey);
        UpstreamPeer peer;
        while (true)
        {
            var crc = NginxCrc32.Init;
            if (selection.Rehash > 0)
                crc = NginxCrc32.Update(crc, Encoding.ASCII.GetBytes(selection.Rehash.ToString(CultureInfo.InvariantCulture)));
            crc = NginxCrc32.Final(NginxCrc32.Update(crc, key));

            // nginx keeps this running value in a uint32_t: it wraps
            selection.HashValue = (uint)(selection.HashValue + ((crc >> 16) & 0x7fff));
            selection.Rehash++;

            peer = selection.Peers.PeerAtWeight((long)(selection.HashValue % (ulong)selection.Peers.TotalWeight));
            if (!selection.IsTried(peer.Index) && !peer.IsUnavailable(now)) break;
            if (++selection.MethodTries > 20) return RoundRobinPolicy.GetPeer(selection);
        }

        selection.Current = peer;
        peer.MarkChosen(now);
        selection.MarkTried(peer.Index);
        return peer;
    }
}

/// <summary><c>hash KEY [consistent];</c> (<c>ngx_http_upstream_hash_module</c>): plain or Ketama.</summary>
public sealed class HashBalancer : IBalancer
{
    public DirectiveKey Directive => UpstreamHashDirectives.Hash;
    public IReadOnlyList<string> Names { get; } = [LoadBalancingPolicies.Hash, LoadBalancingPolicies.ConsistentHash];

    public BalancingMethod? Read(IReadOnlyList<string> args) => args.Count == 0 ? null
        : new(args.Count > 1 && args[1] == "consistent" ? LoadBalancingPolicies.ConsistentHash : LoadBalancingPolicies.Hash) { Key = args[0] };

    public ILoadBalancingPolicy Create(BalancingMethod method, PeerList primary, Random random) =>
        method.Name == LoadBalancingPolicies.ConsistentHash ? new ConsistentHashPolicy(new KetamaRing(primary)) : new HashPolicy();
}
