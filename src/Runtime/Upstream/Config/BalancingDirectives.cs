using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// The balancing directives of an upstream block, read into a <see cref="BalancingMethod"/>:
/// <c>least_conn</c>, <c>ip_hash</c>, <c>hash KEY [consistent]</c>, <c>random [two [least_conn]]</c>,
/// and ours <c>least_time header|last_byte [inflight]</c>. Their arguments were checked by the
/// directive table (<c>check</c>); this only reads them.
/// </summary>
public static class BalancingDirectives
{
    /// <summary>The directives that choose a balancing method, each declared by its module's table.</summary>
    public static readonly DirectiveKey[] Keys =
    [
        UpstreamLeastConnDirectives.LeastConn, UpstreamIpHashDirectives.IpHash, UpstreamHashDirectives.Hash,
        UpstreamRandomDirectives.Random, UpstreamLeastTimeDirectives.LeastTime,
    ];

    /// <summary>The method <paramref name="directive"/> selects, or null when it is not a balancing directive.</summary>
    public static BalancingMethod? Read(ConfigDirective directive)
    {
        var args = directive.Args.Select(a => a.Value).ToList();
        if (UpstreamLeastConnDirectives.LeastConn.Names(directive)) return new BalancingMethod(LoadBalancingPolicies.LeastConn);
        if (UpstreamIpHashDirectives.IpHash.Names(directive)) return new BalancingMethod(LoadBalancingPolicies.IpHash);
        if (UpstreamHashDirectives.Hash.Names(directive) && args.Count > 0)
            return new BalancingMethod(args.Count > 1 && args[1] == "consistent" ? LoadBalancingPolicies.ConsistentHash : LoadBalancingPolicies.Hash) { Key = args[0] };
        if (UpstreamRandomDirectives.Random.Names(directive))
            return new BalancingMethod(args.Count > 0 && args[0] == "two" ? LoadBalancingPolicies.RandomTwo : LoadBalancingPolicies.Random);
        if (UpstreamLeastTimeDirectives.LeastTime.Names(directive))
            return new BalancingMethod(LoadBalancingPolicies.LeastTime)
            {
                Metric = args.Count > 0 && args[0] == "last_byte" ? LeastTimeMetric.LastByte : LeastTimeMetric.Header,
                Inflight = args.Count > 1 && args[1] == "inflight",
            };
        return null;
    }
}
