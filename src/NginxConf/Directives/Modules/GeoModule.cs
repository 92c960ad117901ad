using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_geo_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class GeoModule : IDirectiveModule
{
    public string Name => "ngx_http_geo_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("geo", Http, Arity.Take1 | Arity.Take2, Refused) { IsBlock = true, Body = BodyKind.Entries, Repeatable = true, Check = MapChecks.Geo, Note = "geo variables are not computed yet: rules that read them would not hold" },
    ];
}
