using System.Net;
using System.Net.Sockets;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// The address of an upstream <c>server</c> line as nginx's <c>ngx_parse_url</c> reads it: <c>unix:PATH</c>,
/// <c>[IPv6]:port</c>, <c>IP[:port]</c> or <c>host[:port]</c> (port 80 when omitted); a host name is
/// resolved once, at load, to every address it has (each becomes a peer).
/// Errors are nginx's: <c>invalid host</c>, <c>invalid port</c>, <c>host not found</c> + <c> in upstream "X"</c>.
/// </summary>
public static class UpstreamAddressParser
{
    public static (IReadOnlyList<EndPoint> Addresses, string? Error) Parse(string url, Func<string, IPAddress[]>? resolve = null)
    {
        if (url.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
            return url.Length > 5 ? ([new UnixDomainSocketEndPoint(url[5..])], null) : ([], Fail("no path", url));
        if (url.Contains('/')) return ([], Fail("invalid host", url));

        string host;
        var portText = (string?)null;
        if (url.StartsWith('['))
        {
            var close = url.IndexOf(']');
            if (close < 0) return ([], Fail("invalid host", url));
            host = url[1..close];
            var rest = url[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') return ([], Fail("invalid host", url));
                portText = rest[1..];
            }
        }
        else
        {
            var colon = url.LastIndexOf(':');
            host = colon < 0 ? url : url[..colon];
            if (colon >= 0) portText = url[(colon + 1)..];
        }

        var port = 80;
        if (portText is not null)
        {
            var parsed = NginxNumbers.Atoi(portText);
            if (parsed is null or < 1 or > 65535) return ([], Fail("invalid port", url));
            port = (int)parsed;
        }
        if (host.Length == 0) return ([], Fail("no host", url));

        if (IPAddress.TryParse(host, out var literal)) return ([new IPEndPoint(literal, port)], null);
        try
        {
            var addresses = (resolve ?? Dns.GetHostAddresses)(host);
            return addresses.Length == 0
                ? ([], Fail("host not found", url))
                : (addresses.Select(a => (EndPoint)new IPEndPoint(a, port)).ToList(), null);
        }
        catch (SocketException)
        {
            return ([], Fail("host not found", url));
        }
    }

    private static string Fail(string reason, string url) => $"{reason} in upstream \"{url}\"";
}
