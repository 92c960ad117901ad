using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_map_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class MapModule : IDirectiveModule
{
    public string Name => "ngx_http_map_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("map", Http, Arity.Take2, Implemented) { IsBlock = true, Body = BodyKind.Entries, Repeatable = true, Check = MapChecks.Map },
        new("map_hash_bucket_size", Http, Arity.Take1, Ignored) { Value = ValueKind.Number },
        new("map_hash_max_size", Http, Arity.Take1, Ignored) { Value = ValueKind.Number },
    ];
}
