using ProxyServer.Runtime.Upstream.Config;

namespace ProxyServer.Runtime.Dynamic.Routing;

/// <summary>Splits <c>HOST[:PORT]</c> / <c>[IPv6][:PORT]</c> as nginx's URL parser does; the port is 1-65535 when present.</summary>
public static class HostPort
{
    public static bool TrySplit(string authority, out string host, out int? port)
    {
        port = null;
        host = authority;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0) return false;
            host = authority[1..close];
            var rest = authority[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') return false;
                portText = rest[1..];
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            if (colon >= 0)
            {
                host = authority[..colon];
                portText = authority[(colon + 1)..];
            }
        }
        if (portText is null) return true;
        var parsed = NginxNumbers.Atoi(portText);
        if (parsed is null or < 1 or > 65535) return false;
        port = (int)parsed;
        return true;
    }
}
