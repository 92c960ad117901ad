using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ProxyServer.NginxConf.Tls;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// One <c>ssl_certificate</c> pair ready to serve, with what OpenSSL matches it against in a
/// ClientHello: its key type and, for ECDSA, its curve (the TLS 1.3 signature scheme bound to the
/// curve, and the named group the client must support in TLS 1.2).
/// </summary>
public sealed record ServedCertificate(SslStreamCertificateContext Context, bool Ecdsa, ushort EcdsaScheme, ushort EcdsaGroup)
{
    /// <param name="namedAuthorities">The CAs a CertificateRequest names (<c>ssl_client_certificate</c> when verifying), or null.</param>
    public static ServedCertificate From(CertificateWithKey pair, X509Certificate2Collection? namedAuthorities = null)
    {
        var trust = namedAuthorities is null ? null : SslCertificateTrust.CreateForX509Collection(namedAuthorities, sendTrustInHandshake: true);
        var context = SslStreamCertificateContext.Create(pair.Leaf, pair.Chain, offline: true, trust);
        using var ecdsa = pair.Leaf.GetECDsaPublicKey();
        if (ecdsa is null) return new ServedCertificate(context, false, 0, 0);
        // ecdsa_secp256r1_sha256 / secp384r1_sha384 / secp521r1_sha512 and the groups secp256r1(23) / secp384r1(24) / secp521r1(25).
        var (scheme, group) = ecdsa.ExportParameters(false).Curve.Oid.Value switch
        {
            "1.2.840.10045.3.1.7" => ((ushort)0x0403, (ushort)23),
            "1.3.132.0.34" => ((ushort)0x0503, (ushort)24),
            "1.3.132.0.35" => ((ushort)0x0603, (ushort)25),
            _ => ((ushort)0, (ushort)0),
        };
        return new ServedCertificate(context, true, scheme, group);
    }
}
