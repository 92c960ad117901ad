using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>The directive table's <c>ngx_atoi</c> and seconds parser as nullable results, for runtime callers.</summary>
public static class NginxNumbers
{
    public static long? Atoi(string text) => NginxNumber.TryParse(text, out var value) ? value : null;

    /// <summary>
    /// A time in seconds as <c>ngx_parse_time(.., 1)</c>: units in strictly decreasing order, written
    /// together (<c>1m30s</c>, which nginx 1.22 accepts and the directive table's NginxTime still refuses)
    /// or apart; milliseconds refused. Falls back to NginxTime for the space-separated form.
    /// </summary>
    public static long? ParseSeconds(string text)
    {
        if (text.Contains(' ')) return NginxTime.TryParseSeconds(text, out var spaced) ? (long)spaced.TotalSeconds : null;
        if (text.Length == 0) return null;
        long total = 0, value = 0;
        var rank = int.MaxValue;
        var digits = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                if (value > (long.MaxValue - 9) / 10) return null;
                value = value * 10 + (c - '0');
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
            if (value > long.MaxValue / unit.Value.Seconds - total) return null;
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
