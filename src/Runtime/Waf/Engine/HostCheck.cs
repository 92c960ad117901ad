namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// Internal rule 21, the Host naxsi refuses (observed on nginx 1.22.1 with naxsi, Host by Host): an
/// IP literal in brackets (<c>[::1]</c>, <c>[1.2.3.4]</c>), a name starting with <c>-</c> or holding
/// anything but letters, digits, <c>.</c> and <c>-</c> (<c>--dddd</c>, <c>ex_ample</c>, <c>*</c>), and a
/// dotted-quad address in 0.0.0.0/8 or the broadcast 255.255.255.255. The port is not part of it.
/// </summary>
internal static class HostCheck
{
    public static bool IsIllegal(string? host)
    {
        if (string.IsNullOrEmpty(host)) return false;
        host = host.Trim();
        if (host.StartsWith('[')) return true;
        var colon = host.IndexOf(':');
        var name = colon >= 0 ? host.AsSpan(0, colon) : host.AsSpan();
        if (name.IsEmpty) return false;
        if (name[0] == '-') return true;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-')) return true;
        return TryParseDottedQuad(name, out var first, out var broadcast) && (first == 0 || broadcast);
    }

    /// <summary>
    /// Four decimal parts of at most 255 without leading zeros (inet_pton's IPv4 form: <c>00.1.2.3</c>,
    /// <c>1.2.3</c> and <c>0</c> are names, not addresses, and naxsi lets them through).
    /// </summary>
    private static bool TryParseDottedQuad(ReadOnlySpan<char> text, out int first, out bool broadcast)
    {
        first = -1;
        broadcast = true;
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')) return false;
            var value = 0;
            foreach (var c in part)
            {
                if (!char.IsAsciiDigit(c)) return false;
                value = value * 10 + (c - '0');
            }
            if (value > 255) return false;
            if (parts == 1) first = value;
            broadcast &= value == 255;
        }
        return parts == 4;
    }
}
