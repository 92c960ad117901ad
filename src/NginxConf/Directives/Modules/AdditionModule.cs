using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_addition_filter_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class AdditionModule : IDirectiveModule
{
    public string Name => "ngx_http_addition_filter_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("add_after_body", HttpAny, Arity.Take1, Ignored),
        new("add_before_body", HttpAny, Arity.Take1, Ignored),
        new("addition_types", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true },
    ];
}
