using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_upstream_zone_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class UpstreamZoneDirectives : IDirectiveModule
{
    /// <summary><c>zone NAME [SIZE]</c>: the group's shared memory.</summary>
    public static readonly DirectiveKey Zone = new("zone");

    public string Name => "ngx_http_upstream_zone_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Zone, Implemented) { Check = LimitChecks.UpstreamZone },
    ];
}
