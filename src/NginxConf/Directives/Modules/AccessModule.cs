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
        new("allow", HttpAny | LimitExcept, Arity.Take1, Refused) { Repeatable = true, Check = AccessChecks.Address, Note = "allow/deny is not enforced yet: serving without it would let everyone in" },
        new("deny", HttpAny | LimitExcept, Arity.Take1, Refused) { Repeatable = true, Check = AccessChecks.Address, Note = "allow/deny is not enforced yet: serving without it would let everyone in" },
    ];
}
