using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_empty_gif_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class EmptyGifModule : IDirectiveModule
{
    public string Name => "ngx_http_empty_gif_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("empty_gif", Location, Arity.NoArgs, Ignored) { Repeatable = true },
    ];
}
