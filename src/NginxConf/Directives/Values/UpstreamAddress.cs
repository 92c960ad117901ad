using System.Net;
using System.Net.Sockets;

namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// The address of an upstream <c>server</c> line as <c>ngx_parse_url</c> reads it there: no URI part
/// (a <c>/</c> or <c>?</c> is an <c>invalid host</c>, so a scheme is too), the port after the first
/// colon, <c>[v6]:port</c>, or <c>unix:/path</c>; errors in nginx's words with <c>in upstream "URL"</c>.
/// </summary>
public static class UpstreamAddress
{
    // sockaddr_un.sun_path holds 108 bytes with the terminating NUL.
    private const int UnixPathCapacity = 108;

    public static Parsed<HostPort> Parse(string url)
    {
        if (Problem(url) is { } problem) return Parsed<HostPort>.Fail($"{problem} in upstream \"{url}\"");
        return HostPort.TryParse(url, bareNumberIsPort: false, out var address)
            ? Parsed<HostPort>.Success(address)
            : Parsed<HostPort>.Fail($"invalid port in upstream \"{url}\"");
    }

    private static string? Problem(string url)
    {
        if (url.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            if (url.Length == 5) return "no path in the unix domain socket";
            return url.Length - 5 + 1 > UnixPathCapacity ? "too long path in the unix domain socket" : null;
        }
        return url.StartsWith('[') ? Inet6Problem(url) : InetProblem(url);
    }

    private static string? InetProblem(string url)
    {
        if (url.IndexOfAny(['/', '?']) >= 0) return "invalid host";
        var colon = url.IndexOf(':');
        if (colon >= 0 && !IsPort(url.AsSpan(colon + 1))) return "invalid port";
        return colon == 0 || url.Length == 0 ? "no host" : null;
    }

    private static string? Inet6Problem(string url)
    {
        var close = url.IndexOf(']');
        if (close < 0 || url.IndexOf('/', close) >= 0) return "invalid host";
        var rest = url.AsSpan(close + 1);
        if (rest.Length > 0 && (rest[0] != ':')) return "invalid host";
        if (rest.Length > 0 && !IsPort(rest[1..])) return "invalid port";
        var host = url[1..close];
        if (host.Length == 0) return "no host";
        // .NET also reads scope ids ("%eth0"), which nginx's parser does not.
        var valid = !host.Contains('%') && IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;
        return valid ? null : "invalid IPv6 address";
    }

    private static bool IsPort(ReadOnlySpan<char> text) => NginxNumber.TryParse(text, out var port) && port is >= 1 and <= 65535;
}
