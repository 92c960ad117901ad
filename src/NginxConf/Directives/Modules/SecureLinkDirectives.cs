using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_secure_link_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class SecureLinkDirectives : IDirectiveModule
{
    public string Name => "ngx_http_secure_link_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("secure_link", Refused) { Note = "$secure_link is not computed yet: checks on it would let every link in" },
        new("secure_link_md5", Refused) { Note = "$secure_link is not computed yet: checks on it would let every link in" },
        new("secure_link_secret", Refused) { Note = "$secure_link is not computed yet: checks on it would let every link in" },
    ];
}
