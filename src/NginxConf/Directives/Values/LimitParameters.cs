namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// The arguments of <c>limit_req_zone KEY zone=NAME:SIZE rate=Nr/s|Nr/m</c> (ngx_http_limit_req_zone) and of
/// <c>limit_conn_zone KEY zone=NAME:SIZE</c> (ngx_http_limit_conn_zone): read once here for <c>check</c> and
/// the runtime. <see cref="Rate"/> is nginx's integer, 1 for 0.001 request per second; 0 for a conn zone.
/// </summary>
public sealed record LimitZoneParameters(string Key, string Name, long Size, long Rate)
{
    /// <summary>
    /// Beyond nginx (NGINX Plus spells it <c>sync</c> too): <c>limit_req_zone ... sync</c> shares the zone's counts with
    /// other proxyserver instances through the http block's only <c>kv_source</c>, <c>sync=NAME</c> through the one
    /// named; "" for the bare word, null without it.
    /// </summary>
    public string? Sync { get; init; }

    /// <summary>nginx refuses a zone smaller than 8 pages (<c>8 * ngx_pagesize</c>).</summary>
    public const long MinimumSize = 8 * 4096;

    /// <summary>ngx_http_limit_req_zone (<paramref name="withRate"/>) or ngx_http_limit_conn_zone, with their error texts.</summary>
    public static Parsed<LimitZoneParameters> Parse(string directive, IReadOnlyList<string> args, bool withRate)
    {
        long size = 0, rate = 1, scale = 1;
        string? name = null, sync = null;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("zone=", StringComparison.Ordinal))
            {
                var colon = arg.IndexOf(':', 5);
                if (colon < 0) return Parsed<LimitZoneParameters>.Fail($"invalid zone size \"{arg}\"");
                name = arg[5..colon];
                if (!NginxSize.TryParse(arg[(colon + 1)..], out size)) return Parsed<LimitZoneParameters>.Fail($"invalid zone size \"{arg}\"");
                if (size < MinimumSize) return Parsed<LimitZoneParameters>.Fail($"zone \"{arg}\" is too small");
                continue;
            }
            if (withRate && arg.StartsWith("rate=", StringComparison.Ordinal))
            {
                var number = arg.AsSpan(5);
                scale = 1;
                if (number.EndsWith("r/s")) number = number[..^3];
                else if (number.EndsWith("r/m"))
                {
                    number = number[..^3];
                    scale = 60;
                }
                if (!NginxNumber.TryParse(number, out rate) || rate <= 0) return Parsed<LimitZoneParameters>.Fail($"invalid rate \"{arg}\"");
                continue;
            }
            if (withRate && (arg == "sync" || (arg.StartsWith("sync=", StringComparison.Ordinal) && arg.Length > 5)))
            {
                sync = arg == "sync" ? "" : arg[5..];
                continue;
            }
            return Parsed<LimitZoneParameters>.Fail($"invalid parameter \"{arg}\"");
        }
        if (string.IsNullOrEmpty(name)) return Parsed<LimitZoneParameters>.Fail($"\"{directive}\" must have \"zone\" parameter");
        return Parsed<LimitZoneParameters>.Success(new LimitZoneParameters(args[0], name, size, withRate ? rate * 1000 / scale : 0) { Sync = sync });
    }
}

/// <summary>
/// <c>limit_req zone=NAME [burst=N] [nodelay | delay=N]</c> (ngx_http_limit_req): <see cref="Burst"/> and
/// <see cref="Delay"/> in nginx's thousandths of a request; <c>nodelay</c> is a delay nothing reaches.
/// </summary>
public sealed record LimitReqParameters(string Zone, long Burst, long Delay)
{
    /// <summary>nginx's <c>NGX_MAX_INT_T_VALUE / 1000</c>, times 1000: <c>nodelay</c>.</summary>
    public const long NoDelay = long.MaxValue / 1000 * 1000;

    public static Parsed<LimitReqParameters> Parse(IReadOnlyList<string> args)
    {
        string? zone = null;
        long burst = 0, delay = 0;
        foreach (var arg in args)
        {
            if (arg.StartsWith("zone=", StringComparison.Ordinal)) zone = arg[5..];
            else if (arg.StartsWith("burst=", StringComparison.Ordinal))
            {
                if (!NginxNumber.TryParse(arg.AsSpan(6), out burst) || burst <= 0 || burst > long.MaxValue / 1000)
                    return Parsed<LimitReqParameters>.Fail($"invalid burst value \"{arg}\"");
            }
            else if (arg.StartsWith("delay=", StringComparison.Ordinal))
            {
                if (!NginxNumber.TryParse(arg.AsSpan(6), out delay) || delay <= 0 || delay > long.MaxValue / 1000)
                    return Parsed<LimitReqParameters>.Fail($"invalid delay value \"{arg}\"");
            }
            else if (arg == "nodelay") delay = NoDelay / 1000;
            else return Parsed<LimitReqParameters>.Fail($"invalid parameter \"{arg}\"");
        }
        if (zone is null) return Parsed<LimitReqParameters>.Fail("\"limit_req\" must have \"zone\" parameter");
        return Parsed<LimitReqParameters>.Success(new LimitReqParameters(zone, burst * 1000, delay * 1000));
    }
}

/// <summary><c>limit_conn ZONE NUMBER</c> (ngx_http_limit_conn): the number is checked after the zone is known.</summary>
public static class LimitConnParameters
{
    public static Parsed<int> ParseLimit(string text)
    {
        if (!NginxNumber.TryParse(text, out var n) || n <= 0) return Parsed<int>.Fail($"invalid number of connections \"{text}\"");
        if (n > 65535) return Parsed<int>.Fail("connection limit must be less 65536");
        return Parsed<int>.Success((int)n);
    }
}
