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
    public string ProxyHost => _proxyHost ??= WithoutDefaultPort(Scheme, HostAndPort);

    /// <summary><c>$proxy_port</c>: the port written, else the scheme's default.</summary>
    public string ProxyPort => _proxyPort ??= PortOf(Scheme, HostAndPort);

    // Computed on first use and kept: a literal target serves every request of its location.
    // Left out of equality (they follow from the other members).
    private string? _proxyHost;
    private string? _proxyPort;

    public bool Equals(ProxyTarget? other) => other is not null && Scheme == other.Scheme && HostAndPort == other.HostAndPort
        && Uri == other.Uri && Equals(Dynamic, other.Dynamic);

    public override int GetHashCode() => HashCode.Combine(Scheme, HostAndPort, Uri, Dynamic);

    private static string WithoutDefaultPort(string scheme, string hostAndPort)
    {
        var defaultPort = scheme == "https" ? ":443" : ":80";
        return hostAndPort.EndsWith(defaultPort, StringComparison.Ordinal) ? hostAndPort[..^defaultPort.Length] : hostAndPort;
    }

    private static string PortOf(string scheme, string hostAndPort) =>
        hostAndPort.LastIndexOf(':') is var colon and > 0 && !hostAndPort.EndsWith(']') ? hostAndPort[(colon + 1)..] : (scheme == "https" ? "443" : "80");
}
