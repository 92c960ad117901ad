using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// The argument of <c>proxy_pass</c>: scheme, host[:port] as written (<c>$proxy_host</c>), and
/// the URI part if any. With variables the whole URL is evaluated per request instead.
/// </summary>
public sealed record ProxyTarget(string Scheme, string HostAndPort, string? Uri, ComplexValue? Dynamic)
{
    /// <summary>Parses a literal <c>http://host[:port][/uri]</c>; null if it is not one.</summary>
    public static ProxyTarget? ParseLiteral(string url)
    {
        string scheme;
        if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) scheme = "http";
        else if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) scheme = "https";
        else return null;
        var rest = url[(scheme.Length + 3)..];
        var slash = rest.IndexOf('/');
        var host = slash < 0 ? rest : rest[..slash];
        if (host.Length == 0) return null;
        return new ProxyTarget(scheme, host, slash < 0 ? null : rest[slash..], null);
    }

    /// <summary><c>$proxy_host</c>: the host, with the port unless it is the scheme's default.</summary>
    public string ProxyHost
    {
        get
        {
            var defaultPort = Scheme == "https" ? ":443" : ":80";
            return HostAndPort.EndsWith(defaultPort, StringComparison.Ordinal) ? HostAndPort[..^defaultPort.Length] : HostAndPort;
        }
    }
}
