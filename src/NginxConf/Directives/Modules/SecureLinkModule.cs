using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_secure_link_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class SecureLinkModule : IDirectiveModule
{
    public string Name => "ngx_http_secure_link_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("secure_link", HttpAny, Arity.Take1, Refused) { Note = "$secure_link is not computed yet: checks on it would let every link in" },
        new("secure_link_md5", HttpAny, Arity.Take1, Refused) { Note = "$secure_link is not computed yet: checks on it would let every link in" },
        new("secure_link_secret", HttpAny, Arity.Take1, Refused) { Note = "$secure_link is not computed yet: checks on it would let every link in" },
    ];
}
