using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_dav_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class DavDirectives : IDirectiveModule
{
    public string Name => "ngx_http_dav_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("create_full_put_path", Ignored) { Value = ValueKind.Flag },
        new("dav_access", Ignored),
        new("dav_methods", Ignored),
        new("min_delete_depth", Ignored) { Value = ValueKind.Number },
    ];
}
