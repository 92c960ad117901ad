using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Health;

/// <summary>
/// One <c>health_check</c> directive, compiled: the upstream group its location proxies to, its
/// parameters, the <c>match</c> block it names, and what of the location's proxy settings the checks
/// honour: the connect and read timeouts and the <c>proxy_set_header</c> lines without variables.
/// </summary>
public sealed record HealthCheckDefinition(
    CompiledUpstream Upstream,
    HealthCheckParameters Parameters,
    HealthMatch? Match,
    TimeSpan ConnectTimeout,
    TimeSpan ReadTimeout,
    SourcePosition Position)
{
    /// <summary>
    /// The location's literal <c>proxy_set_header</c> lines (<c>Host</c> included). A value with variables is
    /// left out: NGINX Plus evaluates most variables empty for a check, and an empty value sends no header.
    /// </summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    /// <summary>The name the error log and status API give this check: its match block's, else empty as NGINX Plus prints it.</summary>
    public string Name => Parameters.Match ?? "";
}
