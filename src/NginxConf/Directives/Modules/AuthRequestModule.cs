using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_auth_request_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class AuthRequestModule : IDirectiveModule
{
    public string Name => "ngx_http_auth_request_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("auth_request", HttpAny, Arity.Take1, Refused) { Note = "auth_request subrequests are not made yet: serving without it would let everyone in" },
        new("auth_request_set", HttpAny, Arity.Take2, Refused) { Repeatable = true, Note = "auth_request subrequests are not made yet: serving without it would let everyone in" },
    ];
}
