using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_auth_request_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class AuthRequestDirectives : IDirectiveModule
{
    public string Name => "ngx_http_auth_request_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("auth_request", Refused) { Note = "auth_request subrequests are not made yet: serving without it would let everyone in" },
        new("auth_request_set", Refused) { Note = "auth_request subrequests are not made yet: serving without it would let everyone in" },
    ];
}
