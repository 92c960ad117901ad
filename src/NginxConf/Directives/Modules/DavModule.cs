using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_dav_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class DavModule : IDirectiveModule
{
    public string Name => "ngx_http_dav_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("create_full_put_path", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("dav_access", HttpAny, Arity.Take1 | Arity.Take2 | Arity.Take3, Ignored),
        new("dav_methods", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true },
        new("min_delete_depth", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number },
    ];
}
