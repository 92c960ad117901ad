namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// <c>keepalive N</c> with <c>keepalive_requests</c>, <c>keepalive_timeout</c> and <c>keepalive_time</c> in an
/// upstream block: finished connections to its peers are kept for the next requests (<see cref="KeptConnections{T}"/>),
/// N idle at most for the group. Without it every connection is closed once its response is read, as nginx does
/// even when the peer would keep it open. <see cref="Group"/> keeps each block's cache its own.
/// </summary>
public sealed record UpstreamKeepalive(int Connections, TimeSpan IdleTimeout, TimeSpan MaxLifetime)
{
    public static TimeSpan DefaultIdleTimeout { get; } = NginxConf.Directives.Modules.UpstreamKeepaliveDirectives.KeepaliveTimeout.Default;
    public static TimeSpan DefaultMaxLifetime { get; } = NginxConf.Directives.Modules.UpstreamKeepaliveDirectives.KeepaliveTime.Default;
    public static int DefaultRequests { get; } = (int)NginxConf.Directives.Modules.UpstreamKeepaliveDirectives.KeepaliveRequests.Default;

    /// <summary><c>keepalive_requests</c>: a connection that carried this many is closed, not kept.</summary>
    public int Requests { get; init; } = DefaultRequests;

    /// <summary>The upstream block's name: nginx's cache of N belongs to one block.</summary>
    public string Group { get; init; } = "";
}
