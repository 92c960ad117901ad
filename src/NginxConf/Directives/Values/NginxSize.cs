namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>nginx's byte sizes: <c>512</c>, <c>8k</c>, <c>10M</c>; offsets (<c>client_max_body_size</c>) also take <c>g</c>.</summary>
public static class NginxSize
{
    /// <summary><c>ngx_parse_size</c>: digits with an optional k/K or m/M suffix.</summary>
    public static bool TryParse(string text, out long bytes) => TryParse(text, allowGiga: false, out bytes);

    /// <summary><c>ngx_parse_offset</c>: as <see cref="TryParse(string, out long)"/> plus g/G.</summary>
    public static bool TryParseOffset(string text, out long bytes) => TryParse(text, allowGiga: true, out bytes);

    private static bool TryParse(string text, bool allowGiga, out long bytes)
    {
        bytes = 0;
        if (text.Length == 0) return false;
        long scale = char.ToLowerInvariant(text[^1]) switch
        {
            'k' => 1024,
            'm' => 1024 * 1024,
            'g' when allowGiga => 1024L * 1024 * 1024,
            _ => 1,
        };
        var digits = scale == 1 ? text.AsSpan() : text.AsSpan(0, text.Length - 1);
        if (!NginxNumber.TryParse(digits, out var value)) return false;
        if (value > long.MaxValue / scale) return false;
        bytes = value * scale;
        return true;
    }
}

/// <summary><c>ngx_atoi</c>: a non-empty run of ASCII digits, nothing else (no sign, no spaces).</summary>
public static class NginxNumber
{
    public static bool TryParse(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty) return false;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') return false;
            if (value > (long.MaxValue - (c - '0')) / 10) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
