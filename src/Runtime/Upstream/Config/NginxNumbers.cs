namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>nginx's <c>ngx_atoi</c> and <c>ngx_parse_time(..., is_sec=1)</c>, null where nginx returns NGX_ERROR.</summary>
public static class NginxNumbers
{
    /// <summary>Decimal digits only, no sign, no overflow.</summary>
    public static long? Atoi(string text)
    {
        if (text.Length == 0) return null;
        long value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') return null;
            if (value > (long.MaxValue - (c - '0')) / 10) return null;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /// <summary>
    /// A time in seconds: components like <c>1m30s</c> in strictly decreasing units
    /// (y M w d h m s; a bare number is seconds); milliseconds are refused in seconds mode.
    /// </summary>
    public static long? ParseSeconds(string text)
    {
        if (text.Length == 0) return null;
        long total = 0, value = 0;
        var rank = int.MaxValue;
        var digits = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                value = checked(value * 10 + (c - '0'));
                digits = true;
                continue;
            }
            if (!digits) return null;
            (int Rank, long Seconds)? unit = c switch
            {
                'y' => (7, 365L * 86400), 'M' => (6, 30L * 86400), 'w' => (5, 7L * 86400),
                'd' => (4, 86400), 'h' => (3, 3600), 'm' => (2, 60), 's' => (1, 1), _ => null,
            };
            if (unit is null || (c == 'm' && i + 1 < text.Length && text[i + 1] == 's')) return null;
            if (unit.Value.Rank >= rank) return null;
            rank = unit.Value.Rank;
            total += value * unit.Value.Seconds;
            value = 0;
            digits = false;
        }
        if (digits)
        {
            if (rank <= 1) return null;
            total += value;
        }
        return total;
    }
}
