using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_realip_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class RealIpDirectives : IDirectiveModule
{
    private const string RealIpNote = "the client address stays the connecting one: rules and logs would see the proxy's address, not the client's";

    public string Name => "ngx_http_realip_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("real_ip_header", Refused) { Inert = null, Note = RealIpNote },
        new("real_ip_recursive", Refused) { Value = ValueKind.Flag, Note = RealIpNote },
        new("set_real_ip_from", Refused) { Inert = null, Note = RealIpNote },
    ];
}
