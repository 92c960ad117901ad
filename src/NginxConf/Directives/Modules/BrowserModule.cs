using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_browser_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class BrowserModule : IDirectiveModule
{
    public string Name => "ngx_http_browser_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("ancient_browser", HttpAny, Arity.OneOrMore, Refused) { Repeatable = true, Note = "$ancient_browser and $modern_browser are not computed yet: rules that read them would not hold" },
        new("ancient_browser_value", HttpAny, Arity.Take1, Ignored) { Repeatable = true },
        new("modern_browser", HttpAny, Arity.Take1 | Arity.Take2, Refused) { Repeatable = true, Note = "$ancient_browser and $modern_browser are not computed yet: rules that read them would not hold" },
        new("modern_browser_value", HttpAny, Arity.Take1, Ignored) { Repeatable = true },
    ];
}
