namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// The balancing directives of an upstream block and their arguments:
/// <c>least_conn</c>, <c>ip_hash</c>, <c>hash KEY [consistent]</c>, <c>random [two [least_conn]]</c>,
/// and ours <c>least_time header|last_byte [inflight]</c>.
/// </summary>
public static class BalancingDirectives
{
    /// <summary>The method <paramref name="name"/> selects (null: not a balancing directive), or nginx's error.</summary>
    public static (BalancingMethod? Method, string? Error) Read(string name, IReadOnlyList<string> args)
    {
        switch (name)
        {
            case "least_conn":
                return (new BalancingMethod(LoadBalancingPolicies.LeastConn), null);
            case "ip_hash":
                return (new BalancingMethod(LoadBalancingPolicies.IpHash), null);
            case "hash" when args.Count is 1 or 2:
                if (args.Count == 2 && args[1] != "consistent") return (null, Invalid(args[1]));
                var policy = args.Count == 2 ? LoadBalancingPolicies.ConsistentHash : LoadBalancingPolicies.Hash;
                return (new BalancingMethod(policy) { Key = args[0] }, null);
            case "random" when args.Count <= 2:
                if (args.Count == 0) return (new BalancingMethod(LoadBalancingPolicies.Random), null);
                if (args[0] != "two") return (null, Invalid(args[0]));
                if (args.Count == 2 && args[1] != "least_conn") return (null, Invalid(args[1]));
                return (new BalancingMethod(LoadBalancingPolicies.RandomTwo), null);
            case "least_time" when args.Count is 1 or 2:
                LeastTimeMetric metric;
                if (args[0] == "header") metric = LeastTimeMetric.Header;
                else if (args[0] == "last_byte") metric = LeastTimeMetric.LastByte;
                else return (null, Invalid(args[0]));
                if (args.Count == 2 && args[1] != "inflight") return (null, Invalid(args[1]));
                return (new BalancingMethod(LoadBalancingPolicies.LeastTime) { Metric = metric, Inflight = args.Count == 2 }, null);
            default:
                return (null, null);
        }
    }

    private static string Invalid(string parameter) => $"invalid parameter \"{parameter}\"";
}
