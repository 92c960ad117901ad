using System.Net.Security;
using System.Security.Authentication;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// Which of a server's certificates (an RSA and an ECDSA pair) OpenSSL would serve nginx's client,
/// decided from the ClientHello before .NET's handshake (which takes one certificate):
/// <list type="bullet">
/// <item>TLS 1.3: the first shared signature scheme a certificate can make (the client's order; the
/// server's, ECDSA first, with <c>ssl_prefer_server_ciphers on</c>): ECDSA only with the scheme bound to its curve.</item>
/// <item>TLS 1.2: the first shared cipher suite whose authentication a usable certificate provides
/// (ECDHE-ECDSA-* or *-RSA-*); a certificate is usable when the client's signature algorithms
/// (and, for ECDSA, its groups) allow it.</item>
/// </list>
/// Without a readable ClientHello, or with certificates of one kind only, the first is served.
/// </summary>
public static class CertificateChoice
{
    private static readonly ushort[] RsaTls13Schemes = [0x0804, 0x0805, 0x0806];
    private static readonly ushort[] RsaTls12Schemes = [0x0401, 0x0501, 0x0601, 0x0201, 0x0804, 0x0805, 0x0806];
    private static readonly ushort[] EcdsaTls12Schemes = [0x0403, 0x0503, 0x0603, 0x0203];

    public static SslStreamCertificateContext For(ServerTls settings, ClientHello? hello)
    {
        var first = settings.Served[0];
        var ecdsa = settings.Served.FirstOrDefault(c => c.Ecdsa);
        var rsa = settings.Served.FirstOrDefault(c => !c.Ecdsa);
        if (hello is null || ecdsa is null || rsa is null) return first.Context;
        var chosen = hello.OffersTls13 && settings.Protocols.HasFlag(SslProtocols.Tls13)
            ? ByScheme(hello, settings.PreferServerCiphers, rsa, ecdsa)
            : BySuite(hello, settings, rsa, ecdsa);
        return (chosen ?? first).Context;
    }

    private static ServedCertificate? ByScheme(ClientHello hello, bool serverOrder, ServedCertificate rsa, ServedCertificate ecdsa)
    {
        if (hello.SignatureAlgorithms is not { } offered) return null;
        if (serverOrder) return offered.Contains(ecdsa.EcdsaScheme) ? ecdsa : offered.Any(RsaTls13Schemes.Contains) ? rsa : null;
        foreach (var scheme in offered)
        {
            if (scheme == ecdsa.EcdsaScheme) return ecdsa;
            if (RsaTls13Schemes.Contains(scheme)) return rsa;
        }
        return null;
    }

    private static ServedCertificate? BySuite(ClientHello hello, ServerTls settings, ServedCertificate rsa, ServedCertificate ecdsa)
    {
        var schemes = hello.SignatureAlgorithms;
        var rsaUsable = schemes is null || schemes.Any(RsaTls12Schemes.Contains);
        var ecdsaUsable = (schemes is null || schemes.Any(EcdsaTls12Schemes.Contains))
            && (hello.SupportedGroups is null || hello.SupportedGroups.Contains(ecdsa.EcdsaGroup));
        var allowed = settings.Ciphers?.AllowedCipherSuites?.Select(s => (ushort)s).ToList();
        var order = settings.PreferServerCiphers && allowed is not null
            ? allowed.Where(hello.CipherSuites.Contains)
            : hello.CipherSuites.Where(s => allowed is null || allowed.Contains(s));
        foreach (var suite in order)
        {
            var name = ((TlsCipherSuite)suite).ToString();
            if (!name.StartsWith("TLS_", StringComparison.Ordinal) || name.Contains("PSK") || name.Contains("SRP")) continue;
            if (name.Contains("_ECDSA_")) { if (ecdsaUsable) return ecdsa; }
            else if (name.Contains("_RSA_") && rsaUsable) return rsa;
        }
        return null;
    }
}
