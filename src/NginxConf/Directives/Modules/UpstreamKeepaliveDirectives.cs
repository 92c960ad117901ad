namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_upstream_keepalive_module</c>'s directives the runtime reads.</summary>
public sealed partial class UpstreamKeepaliveDirectives
{
    public static readonly DirectiveKey<long> Keepalive = DirectiveKey.Number("keepalive", 0);
    /// <summary>How long an idle pooled connection is kept.</summary>
    public static readonly DirectiveKey<TimeSpan> KeepaliveTimeout = DirectiveKey.Time("keepalive_timeout", TimeSpan.FromSeconds(60));
    /// <summary>How long a pooled connection is used at most.</summary>
    public static readonly DirectiveKey<TimeSpan> KeepaliveTime = DirectiveKey.Time("keepalive_time", TimeSpan.FromHours(1));
}
