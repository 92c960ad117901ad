namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_index_module</c>'s directives the runtime reads.</summary>
public sealed partial class IndexDirectives
{
    public static readonly DirectiveKey Index = new("index");
}
