namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// The balancing directives of an upstream block, read into a <see cref="BalancingMethod"/>:
/// <c>least_conn</c>, <c>ip_hash</c>, <c>hash KEY [consistent]</c>, <c>random [two [least_conn]]</c>,
/// and ours <c>least_time header|last_byte [inflight]</c>. Their arguments were checked by the
/// directive table (<c>check</c>); this only reads them.
/// </summary>
public static class BalancingDirectives
{
    /// <summary>The method <paramref name="name"/> selects, or null when it is not a balancing directive.</summary>
    public static BalancingMethod? Read(string name, IReadOnlyList<string> args) => name switch
    {
        "least_conn" => new BalancingMethod(LoadBalancingPolicies.LeastConn),
        "ip_hash" => new BalancingMethod(LoadBalancingPolicies.IpHash),
        "hash" when args.Count > 0 => new BalancingMethod(args.Count > 1 && args[1] == "consistent"
            ? LoadBalancingPolicies.ConsistentHash : LoadBalancingPolicies.Hash) { Key = args[0] },
        "random" => new BalancingMethod(args.Count > 0 && args[0] == "two" ? LoadBalancingPolicies.RandomTwo : LoadBalancingPolicies.Random),
        "least_time" => new BalancingMethod(LoadBalancingPolicies.LeastTime)
        {
            Metric = args.Count > 0 && args[0] == "last_byte" ? LeastTimeMetric.LastByte : LeastTimeMetric.Header,
            Inflight = args.Count > 1 && args[1] == "inflight",
        },
        _ => null,
    };
}
