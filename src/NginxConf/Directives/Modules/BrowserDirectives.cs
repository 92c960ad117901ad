using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_browser_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class BrowserDirectives : IDirectiveModule
{
    public static readonly DirectiveKey AncientBrowserValue = new("ancient_browser_value");

    public string Name => "ngx_http_browser_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("ancient_browser", Refused) { Note = "browser lists are not matched yet: rules that read $ancient_browser or $modern_browser would not hold" },
        new(AncientBrowserValue, Implemented),
        new("modern_browser", Refused) { Note = "browser lists are not matched yet: rules that read $ancient_browser or $modern_browser would not hold" },
        // Without lists no browser is modern: $modern_browser is empty whatever this says.
        new("modern_browser_value", Ignored),
    ];
}
