using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_access_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class AccessModule : IDirectiveModule
{
    public string Name => "ngx_http_access_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("allow", HttpAny | LimitExcept, Arity.Take1, Implemented) { Repeatable = true, Check = AccessChecks.Address },
        new("deny", HttpAny | LimitExcept, Arity.Take1, Implemented) { Repeatable = true, Check = AccessChecks.Address },
    ];
}
