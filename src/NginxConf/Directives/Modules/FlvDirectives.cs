using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_flv_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class FlvDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Handler = new("flv");

    public string Name => "ngx_http_flv_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Handler, Implemented),
    ];
}
