namespace ProxyServer.NginxConf.Tls;

/// <summary>
/// <c>ssl_protocols</c> words. .NET on Linux negotiates TLS 1.2 and 1.3 only (OpenSSL 3's default
/// security level refuses the older ones), so those two are served and the rest are reported.
/// </summary>
public static class TlsProtocolNames
{
    public const string Tls12 = "TLSv1.2";
    public const string Tls13 = "TLSv1.3";

    /// <summary>nginx 1.22's default: <c>TLSv1 TLSv1.1 TLSv1.2</c> (TLSv1.3 joined the default in 1.23.4).</summary>
    public static IReadOnlyList<string> NginxDefault { get; } = ["TLSv1", "TLSv1.1", Tls12];

    public static bool IsServed(string name) => name is Tls12 or Tls13;

    public const string UnservedNote = "SSLv2, SSLv3, TLSv1 and TLSv1.1 cannot be negotiated by .NET with this system's OpenSSL; only TLSv1.2 and TLSv1.3 are served";
}
