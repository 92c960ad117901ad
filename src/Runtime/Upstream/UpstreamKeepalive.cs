namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// <c>keepalive N</c> with <c>keepalive_timeout</c> and <c>keepalive_time</c> in an upstream block: finished
/// connections to its peers are kept for the next requests. Without it every connection is closed once its
/// response is read, as nginx does even when the peer would keep it open. .NET's pool has no bound on idle
/// connections, so N itself is not enforced; an idle connection closes after the timeout, any after its time.
/// </summary>
public sealed record UpstreamKeepalive(int Connections, TimeSpan IdleTimeout, TimeSpan MaxLifetime)
{
    public static TimeSpan DefaultIdleTimeout { get; } = NginxConf.Directives.Modules.UpstreamKeepaliveDirectives.KeepaliveTimeout.Default;
    public static TimeSpan DefaultMaxLifetime { get; } = NginxConf.Directives.Modules.UpstreamKeepaliveDirectives.KeepaliveTime.Default;
}
