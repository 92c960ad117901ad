namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_upstream_random_module</c>'s directives the runtime reads.</summary>
public sealed partial class UpstreamRandomDirectives
{
    public static readonly DirectiveKey Random = new("random");
}
