namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_upstream_least_conn_module</c>'s directives the runtime reads.</summary>
public sealed partial class UpstreamLeastConnDirectives
{
    public static readonly DirectiveKey LeastConn = new("least_conn");
}
