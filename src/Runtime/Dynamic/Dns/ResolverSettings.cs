using System.Net;

namespace ProxyServer.Runtime.Dynamic.Dns;

/// <summary>
/// nginx's <c>resolver ADDRESS[:PORT] ... [valid=TIME] [ipv4=on|off] [ipv6=on|off]</c> plus
/// <c>resolver_timeout</c> (default 30 s, as nginx).
/// </summary>
public sealed record ResolverSettings
{
    public static readonly TimeSpan DefaultTimeout = NginxConf.Directives.Modules.HttpCoreDirectives.ResolverTimeout.Default;

    /// <summary>How long a failed lookup is remembered when <c>valid=</c> is not set (nginx: 10 s).</summary>
    public static readonly TimeSpan DefaultErrorValidity = TimeSpan.FromSeconds(10);

    public required IReadOnlyList<IPEndPoint> Servers { get; init; }

    /// <summary><c>valid=</c>: overrides the answers' TTL when set.</summary>
    public TimeSpan? Valid { get; init; }

    public bool Ipv4 { get; init; } = true;
    public bool Ipv6 { get; init; } = true;
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>How long an answer with TTL <paramref name="ttl"/> stays cached.</summary>
    public TimeSpan AnswerValidity(TimeSpan ttl) => Valid ?? ttl;

    /// <summary>How long a failure (NXDOMAIN, SERVFAIL ...) stays cached before the name is asked again.</summary>
    public TimeSpan ErrorValidity => Valid ?? DefaultErrorValidity;
}
