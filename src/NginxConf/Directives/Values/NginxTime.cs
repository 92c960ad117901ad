namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// nginx's durations (<c>ngx_parse_time</c>): space-separated parts with units in decreasing order,
/// <c>y M w d h m s ms</c>; a bare number means seconds. Second-resolution directives refuse <c>ms</c>;
/// millisecond ones (most timeouts) refuse <c>y</c> and <c>M</c>.
/// </summary>
public static class NginxTime
{
    /// <summary>Parses a millisecond-resolution value (<c>ngx_conf_set_msec_slot</c>).</summary>
    public static bool TryParse(string text, out TimeSpan value) => TryParse(text, secondsResolution: false, out value);

    /// <summary>Parses a second-resolution value (<c>ngx_conf_set_sec_slot</c>, e.g. <c>expires</c>, <c>fail_timeout</c>).</summary>
    public static bool TryParseSeconds(string text, out TimeSpan value) => TryParse(text, secondsResolution: true, out value);

    public static bool TryParse(string text, bool secondsResolution, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        // Units must come in decreasing order: a part whose rank is not above the previous one fails.
        // Millisecond directives start past months, so "y" and "M" are refused there.
        var step = secondsResolution ? 0 : 2;
        long total = 0; // in seconds or milliseconds, as the directive's resolution
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return false;
        foreach (var part in parts)
        {
            var (rank, unitLength, unitMs) = Unit(part);
            if (rank == 8 && secondsResolution) return false;
            if (rank < 9 && step >= rank) return false;
            step = rank;
            if (!NginxNumber.TryParse(part.AsSpan(0, part.Length - unitLength), out var number)) return false;
            var scale = secondsResolution ? unitMs / 1000 : unitMs;
            if (number > int.MaxValue / scale) return false;
            total += number * scale;
            if (total > int.MaxValue) return false;
        }
        value = secondsResolution ? TimeSpan.FromSeconds(total) : TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>(order rank, suffix length, milliseconds per unit); rank 9 = no unit (seconds).</summary>
    private static (int Rank, int Length, long Ms) Unit(string part)
    {
        if (part.EndsWith("ms", StringComparison.Ordinal)) return (8, 2, 1);
        return part[^1] switch
        {
            'y' => (1, 1, 365L * 24 * 3600 * 1000),
            'M' => (2, 1, 30L * 24 * 3600 * 1000),
            'w' => (3, 1, 7L * 24 * 3600 * 1000),
            'd' => (4, 1, 24L * 3600 * 1000),
            'h' => (5, 1, 3600L * 1000),
            'm' => (6, 1, 60L * 1000),
            's' => (7, 1, 1000),
            _ => (9, 0, 1000),
        };
    }
}
