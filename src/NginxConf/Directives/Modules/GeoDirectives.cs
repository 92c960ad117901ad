using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_geo_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class GeoDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Geo = new("geo");

    public string Name => "ngx_http_geo_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Geo, Implemented) { Check = MapChecks.Geo },
    ];
}
