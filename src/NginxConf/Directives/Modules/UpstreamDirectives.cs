namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_upstream_module</c>'s directives the runtime reads.</summary>
public sealed partial class UpstreamDirectives
{
    public static readonly DirectiveKey Upstream = new("upstream");
    /// <summary><c>server ADDRESS [parameters]</c> inside an upstream block.</summary>
    public static readonly DirectiveKey Server = new("server");
}
