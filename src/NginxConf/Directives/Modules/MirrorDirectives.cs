using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_mirror_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class MirrorDirectives : IDirectiveModule
{
    public string Name => "ngx_http_mirror_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("mirror", Refused) { Note = "mirror subrequests are not sent yet: the copies would be lost" },
        new("mirror_request_body", Ignored) { Value = ValueKind.Flag },
    ];
}
