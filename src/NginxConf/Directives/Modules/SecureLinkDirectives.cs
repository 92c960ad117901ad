using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_secure_link_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class SecureLinkDirectives : IDirectiveModule
{
    public static readonly DirectiveKey SecureLink = new("secure_link");
    public static readonly DirectiveKey SecureLinkMd5 = new("secure_link_md5");
    public static readonly DirectiveKey SecureLinkSecret = new("secure_link_secret");

    public string Name => "ngx_http_secure_link_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(SecureLink, Implemented),
        new(SecureLinkMd5, Implemented),
        new(SecureLinkSecret, Implemented),
    ];
}
