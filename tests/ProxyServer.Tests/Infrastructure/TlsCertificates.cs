using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// Throwaway PKI for TLS tests, written as PEM files in a temp directory: a CA, server
/// certificates it signs (RSA or ECDSA, with DNS names), client certificates it signs, and a
/// self-signed certificate nothing trusts. Files are named NAME.crt / NAME.key; the CA is ca.crt.
/// </summary>
public sealed class TlsCertificates : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly RSA _caKey;

    public string Directory { get; }
    public string CaPath => Path.Combine(Directory, "ca.crt");

    public TlsCertificates(string caName = "Test CA")
    {
        Directory = TempDirectory.Create("tls-");
        _caKey = RSA.Create(2048);
        var request = new CertificateRequest($"CN={caName},O=ProxyServer Tests", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(CaPath, _ca.ExportCertificatePem());
    }

    public string CertPath(string name) => Path.Combine(Directory, name + ".crt");
    public string KeyPath(string name) => Path.Combine(Directory, name + ".key");

    /// <summary>A server certificate for <paramref name="dnsNames"/> signed by the CA; returns its file name stem.</summary>
    public string Server(string name, bool ecdsa = false, params string[] dnsNames)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames.Length > 0 ? dnsNames : [name]) san.AddDnsName(dns);
        Issue(name, $"CN={(dnsNames.Length > 0 ? dnsNames[0] : name)}", ecdsa, san.Build(), serverAuth: true);
        return name;
    }

    /// <summary>A client certificate with subject <paramref name="subject"/> (e.g. <c>CN=client,O=Acme,C=US</c>) signed by the CA.</summary>
    public string Client(string name, string subject)
    {
        Issue(name, subject, ecdsa: false, san: null, serverAuth: false);
        return name;
    }

    /// <summary>A self-signed certificate (and key) no test CA vouches for.</summary>
    public string SelfSigned(string name, params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames.Length > 0 ? dnsNames : [name]) san.AddDnsName(dns);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(CertPath(name), certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath(name), key.ExportPkcs8PrivateKeyPem());
        return name;
    }

    private void Issue(string name, string subject, bool ecdsa, X509Extension? san, bool serverAuth)
    {
        using AsymmetricAlgorithm key = ecdsa ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        var request = key is ECDsa ec
            ? new CertificateRequest(subject, ec, HashAlgorithmName.SHA256)
            : new CertificateRequest(subject, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (san is not null) request.CertificateExtensions.Add(san);
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7f;
        // Signed with the CA's RSA key whatever the certificate's own key type (RSA or ECDSA).
        var signer = X509SignatureGenerator.CreateForRSA(_caKey, RSASignaturePadding.Pkcs1);
        using var certificate = request.Create(_ca.SubjectName, signer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        File.WriteAllText(CertPath(name), certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath(name), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
        TempDirectory.TryDelete(Directory);
    }
}
