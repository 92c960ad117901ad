using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_auth_request_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class AuthRequestDirectives : IDirectiveModule
{
    /// <summary>The URI of the subrequest, or <c>off</c>.</summary>
    public static readonly DirectiveKey AuthRequest = new("auth_request");

    /// <summary><c>auth_request_set $variable value</c>: the value is evaluated in the subrequest.</summary>
    public static readonly DirectiveKey Set = new("auth_request_set");

    public string Name => "ngx_http_auth_request_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(AuthRequest, Implemented),
        new(Set, Implemented) { Check = use => RewriteChecks.RequireVariable(use, use.Args[0]) },
    ];
}
