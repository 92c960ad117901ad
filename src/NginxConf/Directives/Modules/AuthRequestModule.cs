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
        new("auth_request", HttpAny, Arity.Take1, NotSupported),
        new("auth_request_set", HttpAny, Arity.Take2, NotSupported) { Repeatable = true },
    ];
}
