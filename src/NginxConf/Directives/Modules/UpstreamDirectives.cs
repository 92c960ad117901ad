using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_upstream_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class UpstreamDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Upstream = new("upstream");
    /// <summary><c>server ADDRESS [parameters]</c> inside an upstream block.</summary>
    public static readonly DirectiveKey Server = new("server");

    public string Name => "ngx_http_upstream_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Server, Implemented) { Check = UpstreamChecks.Server },
        new(Upstream, Implemented) { Check = UpstreamChecks.Upstream },
    ];
}
