using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>An <c>upstream</c> block as configured: immutable, validated, addresses resolved.</summary>
public sealed record UpstreamDefinition(string Name, BalancingMethod Method, IReadOnlyList<UpstreamServer> Servers, SourcePosition Position)
{
    /// <summary><c>keepalive N</c>: idle connections kept per worker (0: none, nginx closes each one).</summary>
    public int Keepalive { get; init; }

    /// <summary>
    /// <c>zone NAME [SIZE]</c> (the last one, as nginx keeps it): nginx shares the group's state between its workers
    /// there; ours is one process, so the group's state is shared either way and the name only labels it.
    /// </summary>
    public string? Zone { get; init; }

    /// <summary><c>keepalive_timeout</c>: an idle kept connection is closed after this.</summary>
    public TimeSpan KeepaliveTimeout { get; init; } = UpstreamKeepalive.DefaultIdleTimeout;

    /// <summary><c>keepalive_time</c>: a kept connection is not reused once this old.</summary>
    public TimeSpan KeepaliveTime { get; init; } = UpstreamKeepalive.DefaultMaxLifetime;

    /// <summary><c>keepalive_requests</c>: a kept connection is closed after carrying this many.</summary>
    public int KeepaliveRequests { get; init; } = UpstreamKeepalive.DefaultRequests;

    /// <summary>How connections to the peers are kept; null when they are closed after each request.</summary>
    public UpstreamKeepalive? KeepaliveSettings => Keepalive > 0
        ? new UpstreamKeepalive(Keepalive, KeepaliveTimeout, KeepaliveTime) { Requests = KeepaliveRequests, Group = Name }
        : null;

    /// <summary>A fresh run-time group (peers with zeroed state) for this definition.</summary>
    public UpstreamGroup CreateGroup(TimeProvider? clock = null) => new(Name, Servers, Method, clock);
}
