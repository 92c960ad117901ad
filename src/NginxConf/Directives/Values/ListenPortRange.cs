namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// A <c>listen</c> port range (<c>127.0.0.1:8000-8003</c>, <c>[::1]:8000-8003</c>, <c>8000-8003</c>) as
/// ngx_parse_inet_url and ngx_parse_inet6_url read it for a listen (<c>u-&gt;listen</c>): the address
/// with its first port, and the last port; ngx_inet_add_addr then listens on every port between.
/// Errors are nginx's: <c>invalid port</c> for either end outside 1..65535, <c>invalid port range</c>
/// when the first is above the last. A bare <c>N-x</c> is a host name, as nginx reads it (no_port).
/// </summary>
public static class ListenPortRange
{
    /// <summary>Splits <paramref name="text"/>; <c>LastPort</c> is null when it names one port (or none).</summary>
    public static (string Address, int? LastPort, string? Error) Split(string text)
    {
        if (text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase)) return (text, null, null);
        int portStart;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':') return (text, null, null);
            portStart = close + 2;
        }
        else if (text.IndexOf(':') is >= 0 and var colon)
        {
            portStart = colon + 1;
        }
        else
        {
            // "test value as port only": a dash whose right side is no number leaves a host name.
            var onlyDash = text.IndexOf('-');
            if (onlyDash < 0 || !NginxNumber.TryParse(text.AsSpan(onlyDash + 1), out var onlyLast)) return (text, null, null);
            if (!NginxNumber.TryParse(text.AsSpan(0, onlyDash), out var onlyFirst)) return (text, null, null);
            return Range(text, onlyDash, onlyFirst, onlyLast);
        }
        var dash = text.IndexOf('-', portStart);
        if (dash < 0) return (text, null, null);
        if (!NginxNumber.TryParse(text.AsSpan(dash + 1), out var last) || !InRange(last)) return (text, null, "invalid port");
        if (!NginxNumber.TryParse(text.AsSpan(portStart, dash - portStart), out var first)) return (text, null, "invalid port");
        return Range(text, dash, first, last);
    }

    private static (string, int?, string?) Range(string text, int dash, long first, long last)
    {
        if (!InRange(last) || !InRange(first)) return (text, null, "invalid port");
        if (first > last) return (text, null, "invalid port range");
        return (text[..dash], (int)last, null);
    }

    private static bool InRange(long port) => port is >= 1 and <= 65535;
}
