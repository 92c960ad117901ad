using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_gunzip_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class GunzipDirectives : IDirectiveModule
{
    public string Name => "ngx_http_gunzip_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("gunzip", Ignored) { Value = ValueKind.Flag, Note = "responses are passed as they come" },
        new("gunzip_buffers", Ignored) { Value = ValueKind.Buffers, Note = "responses are passed as they come" },
    ];
}
