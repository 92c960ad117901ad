using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_auth_basic_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class AuthBasicDirectives : IDirectiveModule
{
    /// <summary>The realm, or <c>off</c>.</summary>
    public static readonly DirectiveKey AuthBasic = new("auth_basic");
    public static readonly DirectiveKey UserFile = new("auth_basic_user_file");

    public string Name => "ngx_http_auth_basic_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(AuthBasic, Implemented),
        new(UserFile, Implemented),
    ];
}
