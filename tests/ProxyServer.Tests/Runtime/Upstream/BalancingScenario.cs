using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Tests.Runtime.Upstream;

/// <summary>One <c>server</c> line of a scenario: a live backend by index, or a dead port (nobody listens).</summary>
public sealed record ServerLine(int Backend, string Parameters = "")
{
    public const int Dead = -1;
    public const int Dead2 = -2;
}

/// <summary>
/// An upstream block written once and run twice: by a real nginx (<see cref="Directive"/>) and by our
/// balancer (<see cref="Method"/>), over the same servers.
/// </summary>
public sealed record BalancingScenario(string Name, string Directive, BalancingMethod Method, params ServerLine[] Servers)
{
    public override string ToString() => Name;
}
