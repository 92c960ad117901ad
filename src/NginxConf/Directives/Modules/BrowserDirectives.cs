using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_browser_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class BrowserDirectives : IDirectiveModule
{
    public string Name => "ngx_http_browser_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("ancient_browser", Refused) { Note = "$ancient_browser and $modern_browser are not computed yet: rules that read them would not hold" },
        new("ancient_browser_value", Ignored),
        new("modern_browser", Refused) { Note = "$ancient_browser and $modern_browser are not computed yet: rules that read them would not hold" },
        new("modern_browser_value", Ignored),
    ];
}
