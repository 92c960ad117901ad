using System.Globalization;
using System.Net;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Runtime.Servers;

/// <summary>
/// <c>listen address[:port] | port | unix:path [params]</c> as nginx reads it: a port alone or
/// <c>*:port</c> is 0.0.0.0, an address alone uses port 80, a host name listens on each of its
/// addresses, <c>unix:PATH</c> on a unix socket, a port range (<c>8000-8003</c>) on each of its ports. Parameters the runtime does not act on are accepted so real configs load.
/// </summary>
public static class ListenParser
{
    private static readonly HashSet<string> AcceptedFlags =
        ["default", "bind", "deferred", "spdy", "quic", "http3"];

    private static readonly string[] AcceptedWithValue =
        ["rcvbuf=", "sndbuf=", "accept_filter=", "setfib=", "fastopen=", "so_keepalive=", "ipv6only="];

    public static IReadOnlyList<ListenAddress> Parse(ConfigDirective directive, CompileContext context)
    {
        if (directive.Args.Count == 0)
        {
            context.Error("invalid number of arguments in \"listen\" directive", directive.Position);
            return [];
        }
        var written = directive.Args[0].Value;
        var (target, lastPort, rangeError) = ListenPortRange.Split(written);
        if (rangeError is not null)
        {
            context.Error($"{rangeError} in \"{written}\" of the \"listen\" directive", directive.Position);
            return [];
        }
        var endpoints = target.StartsWith("unix:", StringComparison.OrdinalIgnoreCase)
            ? UnixEndPoint(target, directive, context)
            : ParseEndPoints(target, directive, context);
        if (endpoints.Count == 0) return [];
        // A port range listens on each of its ports (ngx_inet_add_addr).
        if (lastPort is { } last)
            endpoints = [.. endpoints.OfType<IPEndPoint>().SelectMany(e => Enumerable.Range(e.Port, last - e.Port + 1).Select(p => (EndPoint)new IPEndPoint(e.Address, p)))];

        bool defaultServer = false, ssl = false, http2 = false, reusePort = false, proxyProtocol = false;
        bool? ipv6Only = null;
        int? backlog = null;
        foreach (var arg in directive.Args.Skip(1))
        {
            var text = arg.Value;
            switch (text)
            {
                case "default_server" or "default": defaultServer = true; continue;
                case "ssl": ssl = true; continue;
                case "http2": http2 = true; continue;
                case "reuseport": reusePort = true; continue;
                case "proxy_protocol": proxyProtocol = true; continue;
            }
            if (text.StartsWith("backlog=", StringComparison.Ordinal))
            {
                if (int.TryParse(text.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0) backlog = value;
                else context.Error($"invalid backlog \"{text[8..]}\"", directive.Position);
                continue;
            }
            if (text.StartsWith("ipv6only=", StringComparison.Ordinal))
            {
                ipv6Only = text[9..] switch { "on" => true, "off" => false, _ => null };
                if (ipv6Only is null) context.Error($"invalid ipv6only flags \"{text[9..]}\"", directive.Position);
                continue;
            }
            if (AcceptedFlags.Contains(text) || AcceptedWithValue.Any(p => text.StartsWith(p, StringComparison.Ordinal))) continue;
            context.Error($"invalid parameter \"{text}\"", directive.Position);
        }
        return endpoints
            .Select(e => new ListenAddress(e, defaultServer, ipv6Only ?? true, backlog, ssl, http2, reusePort) { ProxyProtocol = proxyProtocol })
            .ToList();
    }

    /// <summary>ngx_parse_unix_domain_url for a listen: everything after <c>unix:</c> is the path (sun_path holds 108 bytes with its zero).</summary>
    private static List<EndPoint> UnixEndPoint(string text, ConfigDirective directive, CompileContext context)
    {
        var path = text[5..];
        if (path.Length == 0) return Invalid(text, directive, context, "no path in the unix domain socket");
        if (System.Text.Encoding.UTF8.GetByteCount(path) + 1 > 108) return Invalid(text, directive, context, "too long path in the unix domain socket");
        return [new System.Net.Sockets.UnixDomainSocketEndPoint(path)];
    }

    private static List<EndPoint> ParseEndPoints(string text, ConfigDirective directive, CompileContext context)
    {
        string host;
        int port = 80;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) return Invalid(text, directive, context, "the closing bracket in IPv6 address is missing");
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && (!rest.StartsWith(':') || !TryPort(rest[1..], out port))) return Invalid(text, directive, context, "invalid port");
            return IPAddress.TryParse(host, out var v6) ? [new IPEndPoint(v6, port)] : Invalid(text, directive, context, "invalid IPv6 address");
        }
        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            host = text[..colon];
            if (!TryPort(text[(colon + 1)..], out port)) return Invalid(text, directive, context, "invalid port");
        }
        else if (TryPort(text, out var onlyPort))
        {
            return [new IPEndPoint(IPAddress.Any, onlyPort)];
        }
        else if (text.All(char.IsAsciiDigit))
        {
            return Invalid(text, directive, context, "invalid port");
        }
        else
        {
            host = text;
        }
        if (host == "*") return [new IPEndPoint(IPAddress.Any, port)];
        if (IPAddress.TryParse(host, out var address)) return [new IPEndPoint(address, port)];
        try
        {
            var resolved = context.ResolveHost(host).Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork).Distinct().ToList();
            if (resolved.Count > 0) return resolved.Select(a => (EndPoint)new IPEndPoint(a, port)).ToList();
        }
        catch (System.Net.Sockets.SocketException)
        {
        }
        context.Error($"host not found in \"{text}\" of the \"listen\" directive", directive.Position);
        return [];
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    private static List<EndPoint> Invalid(string text, ConfigDirective directive, CompileContext context, string why)
    {
        context.Error($"{why} in \"{text}\" of the \"listen\" directive", directive.Position);
        return [];
    }
}
