using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_realip_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class RealIpModule : IDirectiveModule
{
    public string Name => "ngx_http_realip_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("real_ip_header", HttpAny, Arity.Take1, Implemented),
        new("real_ip_recursive", HttpAny, Arity.Flag, Implemented) { Value = ValueKind.Flag },
        new("set_real_ip_from", HttpAny, Arity.Take1, Implemented) { Repeatable = true },
    ];
}
