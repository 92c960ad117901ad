namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_upstream_hc_module</c>'s directives the runtime reads.</summary>
public sealed partial class UpstreamHealthCheckDirectives
{
    public static readonly DirectiveKey Match = new("match");
    public static readonly DirectiveKey HealthCheck = new("health_check");
}
