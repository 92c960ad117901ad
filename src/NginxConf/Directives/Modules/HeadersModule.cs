using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_headers_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class HeadersModule : IDirectiveModule
{
    public string Name => "ngx_http_headers_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("add_header", HttpAny | IfInLocation, Arity.Take2 | Arity.Take3, Implemented) { Repeatable = true, Check = HeadersChecks.AddHeader },
        new("add_trailer", HttpAny | IfInLocation, Arity.Take2 | Arity.Take3, Implemented) { Repeatable = true },
        new("expires", HttpAny | IfInLocation, Arity.Take1 | Arity.Take2, Implemented) { Check = HeadersChecks.Expires },
    ];
}
