namespace ProxyServer.Runtime.Upstream.Policies;

/// <summary>Builds a group's policy from its balancing method: every name in <see cref="LoadBalancingPolicies"/> has a case here.</summary>
public static class LoadBalancingPolicyFactory
{
    public static IReadOnlyList<string> Names { get; } =
    [
        LoadBalancingPolicies.RoundRobin, LoadBalancingPolicies.LeastConn, LoadBalancingPolicies.IpHash,
        LoadBalancingPolicies.Hash, LoadBalancingPolicies.ConsistentHash, LoadBalancingPolicies.Random,
        LoadBalancingPolicies.RandomTwo, LoadBalancingPolicies.LeastTime,
    ];

    public static ILoadBalancingPolicy Create(BalancingMethod method, PeerList primary, Random random) => method.Name switch
    {
        LoadBalancingPolicies.RoundRobin => new RoundRobinPolicy(),
        LoadBalancingPolicies.LeastConn => new LeastConnPolicy(),
        LoadBalancingPolicies.IpHash => new IpHashPolicy(),
        LoadBalancingPolicies.Hash => new HashPolicy(),
        LoadBalancingPolicies.ConsistentHash => new ConsistentHashPolicy(new KetamaRing(primary)),
        LoadBalancingPolicies.Random => new RandomPolicy(primary, two: false, random),
        LoadBalancingPolicies.RandomTwo => new RandomPolicy(primary, two: true, random),
        LoadBalancingPolicies.LeastTime => new LeastTimePolicy(method.Metric, method.Inflight),
        _ => throw new ArgumentException($"unknown balancing method \"{method.Name}\"", nameof(method)),
    };
}
