using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_access_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class AccessDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Allow = new("allow");
    public static readonly DirectiveKey Deny = new("deny");

    public string Name => "ngx_http_access_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Allow, Implemented) { Check = AccessChecks.Address },
        new(Deny, Implemented) { Check = AccessChecks.Address },
    ];
}
