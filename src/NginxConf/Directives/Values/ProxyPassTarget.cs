namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// A <c>proxy_pass</c> URL split as <c>ngx_http_proxy_pass</c> splits it: scheme, the host part (an upstream
/// name, <c>host:port</c> or <c>unix:/path</c>), and the URI part (null when not written, which decides
/// whether the location prefix is replaced). With variables nothing is resolved until a request comes.
/// </summary>
public sealed record ProxyPassTarget(string Scheme, string Authority, string? Uri, bool HasVariables)
{
    public bool IsHttps => Scheme == "https";

    /// <summary>The host and port when the authority holds no variables.</summary>
    public HostPort? Address { get; init; }

    public static Parsed<ProxyPassTarget> Parse(string url)
    {
        string scheme;
        if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) scheme = "http";
        else if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) scheme = "https";
        // With variables nginx checks nothing until a request evaluates them ($scheme://$host...).
        else if (url.Contains('$')) return Parsed<ProxyPassTarget>.Success(new ProxyPassTarget("", url, null, HasVariables: true));
        else return Parsed<ProxyPassTarget>.Fail("invalid URL prefix");

        var rest = url[(scheme.Length + 3)..];
        var hasVariables = url.Contains('$');
        string authority;
        string? uri;
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            // unix:/path/to.sock:/uri  — the socket path ends at the first ':' after "unix:"
            var colon = rest.IndexOf(':', 5);
            authority = colon < 0 ? rest : rest[..colon];
            uri = colon < 0 ? null : rest[(colon + 1)..];
        }
        else
        {
            var slash = rest.IndexOf('/');
            authority = slash < 0 ? rest : rest[..slash];
            uri = slash < 0 ? null : rest[slash..];
        }
        if (authority.Length == 0) return Parsed<ProxyPassTarget>.Fail($"no host in upstream \"{rest}\"");
        var target = new ProxyPassTarget(scheme, authority, uri, hasVariables);
        if (hasVariables) return Parsed<ProxyPassTarget>.Success(target);
        if (!HostPort.TryParse(authority, bareNumberIsPort: false, out var address))
            return Parsed<ProxyPassTarget>.Fail($"invalid port in upstream \"{authority}\"");
        return Parsed<ProxyPassTarget>.Success(target with { Address = address });
    }
}
