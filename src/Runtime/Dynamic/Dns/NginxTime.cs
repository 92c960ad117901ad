using System.Globalization;

namespace ProxyServer.Runtime.Dynamic.Dns;

/// <summary>
/// nginx's time values in seconds (<c>ngx_parse_time(s, is_sec=1)</c>): a number optionally followed
/// by one unit of y M w d h m s, several parts allowed ("1m30s"); a bare number is seconds.
/// </summary>
internal static class NginxTime
{
    public static TimeSpan? ParseSeconds(string text)
    {
        if (text.Length == 0) return null;
        long total = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start) return null;
            var value = long.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            long scale = 1;
            if (i < text.Length)
            {
                scale = text[i] switch
                {
                    'y' => 365L * 24 * 3600,
                    'M' => 30L * 24 * 3600,
                    'w' => 7L * 24 * 3600,
                    'd' => 24L * 3600,
                    'h' => 3600,
                    'm' => 60,
                    's' => 1,
                    _ => -1,
                };
                if (scale < 0) return null;
                i++;
            }
            total += value * scale;
        }
        return TimeSpan.FromSeconds(total);
    }
}
