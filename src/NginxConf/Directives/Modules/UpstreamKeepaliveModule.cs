using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_upstream_keepalive_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class UpstreamKeepaliveModule : IDirectiveModule
{
    public string Name => "ngx_http_upstream_keepalive_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("keepalive", Upstream, Arity.Take1, Implemented) { Check = UpstreamChecks.Keepalive },
        new("keepalive_requests", Upstream, Arity.Take1, Implemented) { Value = ValueKind.Number },
        new("keepalive_time", Upstream, Arity.Take1, Implemented) { Value = ValueKind.Time },
        new("keepalive_timeout", Upstream, Arity.Take1, Implemented) { Value = ValueKind.Time },
    ];
}
