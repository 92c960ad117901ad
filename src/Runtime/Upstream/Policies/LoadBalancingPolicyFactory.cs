namespace ProxyServer.Runtime.Upstream.Policies;

/// <summary>Builds a group's policy from its balancing method: round robin, or the <see cref="Balancers"/> entry that names it.</summary>
public static class LoadBalancingPolicyFactory
{
    public static IReadOnlyList<string> Names { get; } =
        [LoadBalancingPolicies.RoundRobin, .. Balancers.All.SelectMany(b => b.Names)];

    public static ILoadBalancingPolicy Create(BalancingMethod method, PeerList primary, Random random)
    {
        if (method.Name == LoadBalancingPolicies.RoundRobin) return new RoundRobinPolicy();
        var balancer = Balancers.All.FirstOrDefault(b => b.Names.Contains(method.Name))
            ?? throw new ArgumentException($"unknown balancing method \"{method.Name}\"", nameof(method));
        return balancer.Create(method, primary, random);
    }
}
