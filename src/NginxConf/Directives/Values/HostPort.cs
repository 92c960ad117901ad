using System.Net;

namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// An address as nginx's <c>ngx_parse_url</c> reads it: <c>host</c>, <c>host:port</c>, <c>[v6]:port</c>,
/// <c>*:port</c>, a bare port (listen only), or <c>unix:/path</c>. <see cref="Port"/> is null when not written.
/// </summary>
public sealed record HostPort(string Host, int? Port, bool IsUnix = false)
{
    public IPAddress? Address => IPAddress.TryParse(Host.Trim('[', ']'), out var ip) ? ip : null;

    public bool IsWildcard => Host is "*" or "";

    public override string ToString() => IsUnix ? "unix:" + Host : Port is { } p ? $"{Host}:{p}" : Host;

    /// <summary>Splits host and port; returns false on an invalid or out-of-range port.</summary>
    public static bool TryParse(string text, bool bareNumberIsPort, out HostPort result)
    {
        result = new HostPort(text, null);
        if (text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            result = new HostPort(text[5..], null, IsUnix: true);
            return text.Length > 5;
        }
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) return false;
            host = text[..(close + 1)];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') return false;
                port = rest[1..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0)
            {
                host = text[..colon];
                port = text[(colon + 1)..];
            }
            else if (bareNumberIsPort && text.All(char.IsAsciiDigit))
            {
                host = "*";
                port = text;
            }
            else
            {
                host = text;
            }
        }
        if (port is null)
        {
            result = new HostPort(host, null);
            return host.Length > 0;
        }
        if (!NginxNumber.TryParse(port, out var number) || number is < 1 or > 65535) return false;
        result = new HostPort(host, (int)number);
        return true;
    }
}
