namespace ProxyServer.Runtime.Upstream.Retry;

/// <summary>
/// <c>proxy_next_upstream</c>, <c>proxy_next_upstream_tries</c> (0: as many as the group has) and
/// <c>proxy_next_upstream_timeout</c> (zero: no limit). nginx's default is <c>error timeout</c>.
/// </summary>
public sealed record NextUpstreamRules(NextUpstreamConditions Conditions, int Tries, TimeSpan Timeout)
{
    public static NextUpstreamRules Default { get; } = new(NextUpstreamConditions.Error | NextUpstreamConditions.Timeout, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, NextUpstreamConditions> Names = new(StringComparer.Ordinal)
    {
        ["error"] = NextUpstreamConditions.Error,
        ["timeout"] = NextUpstreamConditions.Timeout,
        ["invalid_header"] = NextUpstreamConditions.InvalidHeader,
        ["non_idempotent"] = NextUpstreamConditions.NonIdempotent,
        ["http_500"] = NextUpstreamConditions.Http500,
        ["http_502"] = NextUpstreamConditions.Http502,
        ["http_503"] = NextUpstreamConditions.Http503,
        ["http_504"] = NextUpstreamConditions.Http504,
        ["http_403"] = NextUpstreamConditions.Http403,
        ["http_404"] = NextUpstreamConditions.Http404,
        ["http_429"] = NextUpstreamConditions.Http429,
        ["updating"] = NextUpstreamConditions.Updating,
        ["off"] = NextUpstreamConditions.Off,
    };

    /// <summary>The arguments of <c>proxy_next_upstream</c>, or nginx's error for an unknown or repeated value.</summary>
    public static (NextUpstreamConditions Conditions, string? Error) ParseConditions(IEnumerable<string> values, string directive = "proxy_next_upstream")
    {
        var conditions = NextUpstreamConditions.None;
        foreach (var value in values)
        {
            if (!Names.TryGetValue(value, out var flag))
                return (conditions, $"invalid value \"{value}\" in \"{directive}\" directive");
            if ((conditions & flag) != 0)
                return (conditions, $"duplicate value \"{value}\" in \"{directive}\" directive");
            conditions |= flag;
        }
        // "off" wins over everything listed with it
        return ((conditions & NextUpstreamConditions.Off) != 0 ? NextUpstreamConditions.Off : conditions, null);
    }
}
