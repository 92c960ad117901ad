using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives;
using System.Net;
using System.Net.Sockets;

namespace ProxyServer.Runtime.Upstream.Policies;

/// <summary>
/// <c>ip_hash</c> (<c>ngx_http_upstream_get_ip_hash_peer</c>): hash = (hash * 113 + byte) % 6271 from 89
/// over the first three octets of an IPv4 client (all sixteen of IPv6), mapped onto the weighted
/// peer list. An unusable peer re-hashes from the running value; after 20 misses, round robin.
/// </summary>
public sealed class IpHashPolicy : ILoadBalancingPolicy
{
    private static readonly byte[] PseudoAddress = [0, 0, 0];

    public string Name => LoadBalancingPolicies.IpHash;

    public void BeginRequest(PeerSelection selection) => selection.HashValue = 89;

    public UpstreamPeer? PickPeer(PeerSelection selection)
    {
        if (selection.MethodTries > 20 || selection.Peers.Single) return RoundRobinPolicy.GetPeer(selection);

        var now = selection.Now;
        var address = HashedBytes(selection.ClientAddress);
        var hash = selection.HashValue;
        UpstreamPeer peer;
        while (true)
        {
            foreach (var b in address) hash = (hash * 113 + b) % 6271;
            peer = selection.Peers.PeerAtWeight((long)(hash % (ulong)selection.Peers.TotalWeight));
            if (!selection.IsTried(peer.Index) && !peer.IsUnavailable(now)) break;
            if (++selection.MethodTries > 20) return RoundRobinPolicy.GetPeer(selection);
        }

        selection.Current = peer;
        peer.MarkChosen(now);
        selection.MarkTried(peer.Index);
        selection.HashValue = hash;
        return peer;
    }

    /// <summary>
    /// The bytes nginx hashes: three IPv4 octets, sixteen IPv6 bytes (an IPv4-mapped one too, as a realip
    /// address can be; a dual-stack peer arrives as IPv4 already), three zeros for anything else.
    /// </summary>
    internal static byte[] HashedBytes(IPAddress? address)
    {
        if (address is null) return PseudoAddress;
        var bytes = address.GetAddressBytes();
        return address.AddressFamily == AddressFamily.InterNetwork ? bytes[..3] : bytes;
    }
}

/// <summary><c>ip_hash;</c> (<c>ngx_http_upstream_ip_hash_module</c>).</summary>
public sealed class IpHashBalancer : IBalancer
{
    public DirectiveKey Directive => UpstreamIpHashDirectives.IpHash;
    public IReadOnlyList<string> Names { get; } = [LoadBalancingPolicies.IpHash];
    public BalancingMethod? Read(IReadOnlyList<string> args) => new(LoadBalancingPolicies.IpHash);
    public ILoadBalancingPolicy Create(BalancingMethod method, PeerList primary, Random random) => new IpHashPolicy();
}
