using System.Net;
using System.Net.Sockets;

namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// A <c>proxy_pass</c> URL split as <c>ngx_http_proxy_pass</c> splits it: scheme, the host part (an upstream
/// name, <c>host:port</c> or <c>unix:/path</c>), and the URI part (null when not written, which decides
/// whether the location prefix is replaced). With variables nothing is checked until a request comes;
/// then the evaluated URL is read by <see cref="ParseEvaluated"/> (<c>ngx_http_proxy_eval</c>). One parser
/// serves <c>check</c> and the runtime.
/// </summary>
public sealed record ProxyPassTarget(string Scheme, string Authority, string? Uri, bool HasVariables)
{
    public bool IsHttps => Scheme == "https";

    /// <summary>The host and port when the authority holds no variables.</summary>
    public HostPort? Address { get; init; }

    /// <summary><c>$proxy_host</c> (ngx_http_proxy_set_vars): the host, with the port unless none or the scheme's default was written; <c>localhost</c> for a unix socket.</summary>
    public string ProxyHost { get; init; } = "";

    /// <summary><c>$proxy_port</c>: the port written unless it is the scheme's default, else the default; empty for a unix socket.</summary>
    public string ProxyPort { get; init; } = "";

    /// <summary>The argument of <c>proxy_pass</c> as <c>nginx -t</c> reads it, with nginx's error text.</summary>
    public static Parsed<ProxyPassTarget> Parse(string url)
    {
        // ngx_http_script_variables_count: with variables nginx checks nothing until a request evaluates them.
        if (url.Contains('$')) return Parsed<ProxyPassTarget>.Success(new ProxyPassTarget("", url, null, HasVariables: true));
        var scheme = SchemeOf(url);
        if (scheme is null) return Parsed<ProxyPassTarget>.Fail("invalid URL prefix");
        return ParseUrl(scheme, url[(scheme.Length + 3)..]);
    }

    /// <summary>
    /// A URL built from variables, as <c>ngx_http_proxy_eval</c> reads it for one request (a <c>$</c> in it is a
    /// character like any other). The error is the line nginx logs before answering 500.
    /// </summary>
    public static Parsed<ProxyPassTarget> ParseEvaluated(string url)
    {
        var scheme = SchemeOf(url);
        // nginx wants something after the scheme ("proxy.len > 7").
        if (scheme is null || url.Length == scheme.Length + 3) return Parsed<ProxyPassTarget>.Fail($"invalid URL prefix in \"{url}\"");
        var parsed = ParseUrl(scheme, url[(scheme.Length + 3)..]);
        // "http://host?args" asks for "/?args"
        return parsed.Value is { Uri: ['?', ..] } target ? Parsed<ProxyPassTarget>.Success(target with { Uri = "/" + target.Uri }) : parsed;
    }

    private static string? SchemeOf(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http"
        : url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https"
        : null;

    /// <summary>ngx_parse_url with <c>uri_part</c> and <c>no_resolve</c>; errors worded as ngx_http_upstream_add logs them.</summary>
    private static Parsed<ProxyPassTarget> ParseUrl(string scheme, string rest)
    {
        var defaultPort = scheme == "https" ? 443 : 80;
        var (target, error) = rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) ? Unix(scheme, rest)
            : rest.StartsWith('[') ? Inet6(scheme, rest, defaultPort)
            : Inet(scheme, rest, defaultPort);
        return error is null ? Parsed<ProxyPassTarget>.Success(target!) : Parsed<ProxyPassTarget>.Fail($"{error} in upstream \"{rest}\"");
    }

    /// <summary>ngx_parse_unix_domain_url: the path ends at the first <c>:</c> after <c>unix:</c>, the URI follows it.</summary>
    private static (ProxyPassTarget?, string?) Unix(string scheme, string rest)
    {
        var colon = rest.IndexOf(':', 5);
        var path = colon < 0 ? rest[5..] : rest[5..colon];
        if (path.Length == 0) return (null, "no path in the unix domain socket");
        // sun_path holds 108 bytes with the terminating zero
        if (path.Length + 1 > 108) return (null, "too long path in the unix domain socket");
        var authority = "unix:" + path;
        return (new ProxyPassTarget(scheme, authority, colon < 0 ? null : rest[(colon + 1)..], false)
        {
            Address = new HostPort(path, null, IsUnix: true),
            ProxyHost = "localhost",
            ProxyPort = "",
        }, null);
    }

    /// <summary>ngx_parse_inet_url: the URI starts at the first <c>/</c> or <c>?</c>; the port follows the first <c>:</c> before it.</summary>
    private static (ProxyPassTarget?, string?) Inet(string scheme, string rest, int defaultPort)
    {
        var uriAt = rest.IndexOfAny(['/', '?']);
        var authority = uriAt < 0 ? rest : rest[..uriAt];
        var colon = authority.IndexOf(':');
        var host = colon < 0 ? authority : authority[..colon];
        int? port = null;
        if (colon >= 0)
        {
            if (!NginxNumber.TryParse(authority.AsSpan(colon + 1), out var n) || n is < 1 or > 65535) return (null, "invalid port");
            port = (int)n;
        }
        if (host.Length == 0) return (null, "no host");
        return (Inet(scheme, authority, uriAt < 0 ? null : rest[uriAt..], host, port, colon < 0 ? "" : authority[(colon + 1)..], defaultPort), null);
    }

    /// <summary>ngx_parse_inet6_url: <c>[address]</c>, then <c>:port</c>, then the URI from the first <c>/</c>.</summary>
    private static (ProxyPassTarget?, string?) Inet6(string scheme, string rest, int defaultPort)
    {
        var close = rest.IndexOf(']');
        if (close < 0) return (null, "invalid host");
        var uriAt = rest.IndexOf('/', close + 1);
        var last = uriAt < 0 ? rest.Length : uriAt;
        int? port = null;
        var portText = "";
        if (close + 1 < last)
        {
            if (rest[close + 1] != ':') return (null, "invalid host");
            portText = rest[(close + 2)..last];
            if (!NginxNumber.TryParse(portText, out var n) || n is < 1 or > 65535) return (null, "invalid port");
            port = (int)n;
        }
        if (close == 1) return (null, "no host");
        if (!IPAddress.TryParse(rest[1..close], out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            return (null, "invalid IPv6 address");
        return (Inet(scheme, rest[..last], uriAt < 0 ? null : rest[uriAt..], rest[..(close + 1)], port, portText, defaultPort), null);
    }

    private static ProxyPassTarget Inet(string scheme, string authority, string? uri, string host, int? port, string portText, int defaultPort)
    {
        var written = port is { } p && p != defaultPort;
        return new ProxyPassTarget(scheme, authority, uri, false)
        {
            Address = new HostPort(host, port),
            ProxyHost = written ? $"{host}:{portText}" : host,
            ProxyPort = written ? portText : defaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
