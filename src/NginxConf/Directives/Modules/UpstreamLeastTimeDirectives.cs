namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_upstream_least_time_module</c>'s directives the runtime reads.</summary>
public sealed partial class UpstreamLeastTimeDirectives
{
    public static readonly DirectiveKey LeastTime = new("least_time");
}
