namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_upstream_hash_module</c>'s directives the runtime reads.</summary>
public sealed partial class UpstreamHashDirectives
{
    public static readonly DirectiveKey Hash = new("hash");
}
