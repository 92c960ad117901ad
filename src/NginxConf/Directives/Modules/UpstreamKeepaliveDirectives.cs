using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_upstream_keepalive_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class UpstreamKeepaliveDirectives : IDirectiveModule
{
    public static readonly DirectiveKey<long> Keepalive = DirectiveKey.Number("keepalive", 0);
    /// <summary>How long an idle pooled connection is kept.</summary>
    public static readonly DirectiveKey<TimeSpan> KeepaliveTimeout = DirectiveKey.Time("keepalive_timeout", TimeSpan.FromSeconds(60));
    /// <summary>How many requests a pooled connection carries at most.</summary>
    public static readonly DirectiveKey<long> KeepaliveRequests = DirectiveKey.Number("keepalive_requests", 1000);
    /// <summary>How long a pooled connection is used at most.</summary>
    public static readonly DirectiveKey<TimeSpan> KeepaliveTime = DirectiveKey.Time("keepalive_time", TimeSpan.FromHours(1));

    public string Name => "ngx_http_upstream_keepalive_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Keepalive, Implemented) { Check = UpstreamChecks.Keepalive },
        new(KeepaliveRequests, Implemented) { Value = ValueKind.Number },
        new(KeepaliveTime, Implemented) { Value = ValueKind.Time },
        new(KeepaliveTimeout, Implemented) { Value = ValueKind.Time },
    ];
}
