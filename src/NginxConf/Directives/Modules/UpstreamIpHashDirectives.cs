using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_upstream_ip_hash_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class UpstreamIpHashDirectives : IDirectiveModule
{
    public static readonly DirectiveKey IpHash = new("ip_hash");

    public string Name => "ngx_http_upstream_ip_hash_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(IpHash, Implemented) { Check = UpstreamChecks.IpHash },
    ];
}
