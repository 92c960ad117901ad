using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Browser;

/// <summary>
/// <c>ngx_http_browser_module</c>'s variables. <c>$msie</c> is the flag ngx_http_process_user_agent derives
/// (ngx_http_msie_variable). The browser lists (<c>modern_browser</c>, <c>ancient_browser</c>) are refused, so
/// ngx_http_browser has no list to consult: every request is an ancient browser (no list, no <c>unlisted</c>),
/// <c>$modern_browser</c> is empty and <c>$ancient_browser</c> is <c>ancient_browser_value</c> (default "1"),
/// inherited from the nearest level that sets it as ngx_http_browser_merge_conf does.
/// </summary>
public sealed class BrowserModule : IHttpModule
{
    public string Name => "ngx_http_browser_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        // All three are NGX_HTTP_VAR_CHANGEABLE in nginx: a set may override them.
        variables.Register("msie", r => BrowserFlags.Of(r).Msie ? "1" : "", settable: true);
        variables.Register("modern_browser", _ => "", settable: true);
        variables.Register("ancient_browser", r => r.Location.Features.Get<AncientBrowserValue>()?.Value ?? "1", settable: true);
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        if (location.Scope.Nearest(BrowserDirectives.AncientBrowserValue) is { } value)
            location.Features.Set(new AncientBrowserValue(value.Args[0].Value));
    }

    private sealed record AncientBrowserValue(string Value);
}
