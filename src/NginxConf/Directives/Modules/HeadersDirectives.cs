namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_headers_module</c>'s directives the runtime reads.</summary>
public sealed partial class HeadersDirectives
{
    public static readonly DirectiveKey AddHeader = new("add_header");
    public static readonly DirectiveKey Expires = new("expires");
}
