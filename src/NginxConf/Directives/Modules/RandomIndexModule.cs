using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_random_index_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class RandomIndexModule : IDirectiveModule
{
    public string Name => "ngx_http_random_index_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("random_index", Location, Arity.Flag, Ignored) { Value = ValueKind.Flag },
    ];
}
