using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_mirror_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class MirrorDirectives : IDirectiveModule
{
    /// <summary>A URI to mirror the request to (several per level), or <c>off</c>.</summary>
    public static readonly DirectiveKey Mirror = new("mirror");
    public static readonly DirectiveKey<bool> RequestBody = DirectiveKey.Flag("mirror_request_body", true);

    public string Name => "ngx_http_mirror_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Mirror, Implemented) { Check = MirrorChecks.Mirror },
        new(RequestBody, Implemented) { Value = ValueKind.Flag },
    ];
}
