using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_realip_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class RealIpDirectives : IDirectiveModule
{
    /// <summary>The trusted addresses (ngx_http_realip_from): an address, a CIDR block, <c>unix:</c> or a host name's addresses.</summary>
    public static readonly DirectiveKey SetRealIpFrom = new("set_real_ip_from");

    /// <summary>Where the client's address is read (ngx_http_realip): <c>X-Real-IP</c>, <c>X-Forwarded-For</c>, <c>proxy_protocol</c> or any header.</summary>
    public static readonly DirectiveKey<string> RealIpHeader = DirectiveKey.Text("real_ip_header", "X-Real-IP");

    public static readonly DirectiveKey<bool> RealIpRecursive = DirectiveKey.Flag("real_ip_recursive", false);

    public string Name => "ngx_http_realip_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(RealIpHeader, Implemented),
        new(RealIpRecursive, Implemented) { Value = ValueKind.Flag },
        new(SetRealIpFrom, Implemented) { Check = RealIpChecks.From },
    ];
}
