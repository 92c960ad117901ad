using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_empty_gif_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class EmptyGifDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Handler = new("empty_gif");

    public string Name => "ngx_http_empty_gif_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Handler, Implemented),
    ];
}
