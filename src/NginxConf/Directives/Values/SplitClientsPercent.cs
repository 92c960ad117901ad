namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>A <c>split_clients</c> share, <c>51.2%</c>, in hundredths of a percent as ngx_http_split_clients reads it.</summary>
public static class SplitClientsPercent
{
    /// <summary>
    /// ngx_atofp(value, 2) of the text before <c>%</c>: digits with one optional dot and at most two
    /// decimals; 0 and anything else is nginx's "invalid percent value" (null).
    /// </summary>
    public static long? Parse(string text)
    {
        if (text.Length < 2 || text[^1] != '%') return null;
        long value = 0;
        var point = 2;
        var dot = false;
        foreach (var c in text.AsSpan(0, text.Length - 1))
        {
            if (c == '.')
            {
                if (dot) return null;
                dot = true;
                continue;
            }
            if (c is < '0' or > '9' || point == 0) return null;
            value = value * 10 + (c - '0');
            if (value > 1_000_000_000_000L) return null;
            if (dot) point--;
        }
        for (; point > 0; point--) value *= 10;
        return value == 0 ? null : value;
    }
}
