using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>
/// NGINX Plus's <c>least_time header|last_byte [inflight]</c> (<c>ngx_http_upstream_least_time_module</c>),
/// which proxyserver offers to everyone. Stock nginx 1.22 answers <c>unknown directive "least_time"</c>.
/// </summary>
public sealed class UpstreamLeastTimeDirectives : IDirectiveModule
{
    public static readonly DirectiveKey LeastTime = new("least_time");

    public string Name => "ngx_http_upstream_least_time_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(LeastTime, Upstream, Arity.Take12, Implemented) { Check = UpstreamChecks.LeastTime, Note = "an NGINX Plus directive" },
    ];
}
