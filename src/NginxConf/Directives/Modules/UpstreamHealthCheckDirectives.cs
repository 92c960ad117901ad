using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>
/// NGINX Plus's active health checks (<c>ngx_http_upstream_hc_module</c>), which proxyserver offers to
/// everyone: <c>health_check</c> in a location that proxies to an upstream group with a <c>zone</c>,
/// and <c>match</c> blocks of tests in http. Stock nginx 1.22 answers <c>unknown directive</c> for both.
/// </summary>
public sealed class UpstreamHealthCheckDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Match = new("match");
    public static readonly DirectiveKey HealthCheck = new("health_check");

    public string Name => "ngx_http_upstream_hc_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(HealthCheck, Location, Arity.Any, Implemented) { Repeatable = true, Check = HealthCheckChecks.HealthCheck, Note = "an NGINX Plus directive" },
        new(Match, Http, Arity.Take1, Implemented)
        {
            IsBlock = true, Body = BodyKind.Entries, Repeatable = true, Check = HealthCheckChecks.Match, Note = "an NGINX Plus directive",
        },
    ];
}
