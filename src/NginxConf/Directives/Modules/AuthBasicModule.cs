using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_auth_basic_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class AuthBasicModule : IDirectiveModule
{
    public string Name => "ngx_http_auth_basic_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("auth_basic", HttpAny | LimitExcept, Arity.Take1, Implemented),
        new("auth_basic_user_file", HttpAny | LimitExcept, Arity.Take1, Implemented),
    ];
}
