using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>
/// NGINX Plus's <c>status_zone NAME</c> (<c>ngx_http_api_module</c>): the name a server's or a location's
/// traffic is counted under in the status API. Stock nginx 1.22 answers <c>unknown directive</c>.
/// </summary>
public sealed class StatusZoneDirectives : IDirectiveModule
{
    public static readonly DirectiveKey StatusZone = new("status_zone");

    public string Name => "ngx_http_api_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(StatusZone, Server | Location | IfInLocation, Arity.Take1, Implemented) { Note = "an NGINX Plus directive" },
    ];
}
