namespace ProxyServer.Runtime.Upstream;

/// <summary>Which response time <c>least_time</c> averages.</summary>
public enum LeastTimeMetric { Header, LastByte }

/// <summary>
/// The balancing directive of an <c>upstream</c> block as configured: the policy name from
/// <see cref="LoadBalancingPolicies"/> and that method's arguments.
/// </summary>
public sealed record BalancingMethod(string Name)
{
    /// <summary>The <c>hash</c> key as written (a complex value the proxy evaluates per request).</summary>
    public string? Key { get; init; }

    /// <summary><c>least_time</c>'s metric.</summary>
    public LeastTimeMetric Metric { get; init; } = LeastTimeMetric.Header;

    /// <summary><c>least_time ... inflight</c>: requests still running count against a peer.</summary>
    public bool Inflight { get; init; }

    public static BalancingMethod RoundRobin { get; } = new(LoadBalancingPolicies.RoundRobin);
}
