using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Health;

/// <summary>
/// One <c>health_check</c> directive, compiled: the upstream group its location proxies to, its
/// parameters, the <c>match</c> block it names, and the location's proxy timeouts the checks honour.
/// </summary>
public sealed record HealthCheckDefinition(
    CompiledUpstream Upstream,
    HealthCheckParameters Parameters,
    HealthMatch? Match,
    TimeSpan ConnectTimeout,
    TimeSpan ReadTimeout,
    SourcePosition Position)
{
    /// <summary>The name the error log and status API give this check: its match block's, else empty as NGINX Plus prints it.</summary>
    public string Name => Parameters.Match ?? "";
}
