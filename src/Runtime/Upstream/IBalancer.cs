using ProxyServer.NginxConf.Directives;

namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// One balancing method an <c>upstream</c> block can select, as nginx's balancer modules
/// (<c>ngx_http_upstream_hash_module</c> ...) each own their directive: the directive (its row and key
/// live in the directive table), how its arguments read, and the policy it builds for a group. Each
/// balancer is declared beside its policy in <c>Policies/</c> and listed once in <see cref="Balancers.All"/>.
/// </summary>
public interface IBalancer
{
    /// <summary>The directive that selects it (<c>least_conn</c>).</summary>
    DirectiveKey Directive { get; }

    /// <summary>The policy names it builds (<see cref="LoadBalancingPolicies"/>): <c>hash</c> builds two.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The method a statement of <see cref="Directive"/> with <paramref name="args"/> selects; null leaves round robin.</summary>
    BalancingMethod? Read(IReadOnlyList<string> args);

    /// <summary>A group's policy for <paramref name="method"/> (one of <see cref="Names"/>).</summary>
    ILoadBalancingPolicy Create(BalancingMethod method, PeerList primary, Random random);
}

/// <summary>The balancers an upstream block can select; round robin, nginx's default, needs no directive.</summary>
public static class Balancers
{
    public static IReadOnlyList<IBalancer> All { get; } =
    [
        new Policies.LeastConnBalancer(),
        new Policies.IpHashBalancer(),
        new Policies.HashBalancer(),
        new Policies.RandomBalancer(),
        new Policies.LeastTimeBalancer(),
    ];
}
