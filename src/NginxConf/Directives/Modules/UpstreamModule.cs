using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_upstream_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class UpstreamModule : IDirectiveModule
{
    public string Name => "ngx_http_upstream_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("server", Upstream, Arity.OneOrMore, Implemented) { Repeatable = true, Check = UpstreamChecks.Server },
        new("upstream", Http, Arity.Take1, Implemented) { IsBlock = true, Opens = Upstream, Repeatable = true, Check = UpstreamChecks.Upstream },
    ];
}
