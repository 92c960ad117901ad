using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>An <c>upstream</c> block as configured: immutable, validated, addresses resolved.</summary>
public sealed record UpstreamDefinition(string Name, BalancingMethod Method, IReadOnlyList<UpstreamServer> Servers, SourcePosition Position)
{
    /// <summary><c>keepalive N</c>: idle connections kept per worker (0: none, nginx closes each one).</summary>
    public int Keepalive { get; init; }

    /// <summary>A fresh run-time group (peers with zeroed state) for this definition.</summary>
    public UpstreamGroup CreateGroup(TimeProvider? clock = null) => new(Name, Servers, Method, clock);
}
