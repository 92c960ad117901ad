using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_slice_filter_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class SliceModule : IDirectiveModule
{
    public string Name => "ngx_http_slice_filter_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("slice", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size },
    ];
}
