using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_upstream_random_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class UpstreamRandomDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Random = new("random");

    public string Name => "ngx_http_upstream_random_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Random, Implemented) { Check = UpstreamChecks.Random },
    ];
}
