using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_headers_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class HeadersDirectives : IDirectiveModule
{
    public static readonly DirectiveKey AddHeader = new("add_header");
    public static readonly DirectiveKey AddTrailer = new("add_trailer");
    public static readonly DirectiveKey Expires = new("expires");

    public string Name => "ngx_http_headers_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(AddHeader, Implemented) { Check = HeadersChecks.AddHeader },
        new(AddTrailer, Implemented) { Check = HeadersChecks.AddHeader },
        new(Expires, Implemented) { Check = HeadersChecks.Expires },
    ];
}
