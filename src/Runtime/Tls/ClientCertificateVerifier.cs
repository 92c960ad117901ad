using System.Security.Cryptography.X509Certificates;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// Verifies a client certificate the way nginx's OpenSSL does with <c>ssl_client_certificate</c>:
/// only the configured CAs are trusted, no revocation lookups, at most <c>ssl_verify_depth</c>
/// CAs above the client's certificate. The verdict uses OpenSSL's codes and words, as nginx
/// logs them and puts them in <c>$ssl_client_verify</c>.
/// </summary>
public static class ClientCertificateVerifier
{
    /// <summary>Errors <c>optional_no_ca</c> lets through (ngx_ssl_verify_error_optional).</summary>
    private static readonly HashSet<int> OptionalErrors = [18, 19, 20, 21, 27];

    public static void Verify(TlsConnection connection, ServerTls settings, X509Certificate2? certificate, X509Chain? presented)
    {
        connection.ClientCertificate = certificate;
        if (certificate is null)
        {
            connection.Verify = "NONE";
            return;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(settings.Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreWrongUsage;
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                if (!element.Certificate.Equals(certificate)) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        chain.Build(certificate);
        var (code, text) = Error(chain, certificate, settings.VerifyDepth);
        connection.VerifyError = code;
        connection.Verify = code == 0 ? "SUCCESS" : "FAILED:" + text;
    }

    /// <summary>True when nginx would refuse the request for this verdict under <paramref name="mode"/>.</summary>
    public static bool Refuses(ClientVerification mode, int code) =>
        code != 0 && !(mode == ClientVerification.OptionalNoCa && OptionalErrors.Contains(code));

    /// <summary>The first failure as OpenSSL's X509_V_ERR code and X509_verify_cert_error_string text.</summary>
    private static (int Code, string Text) Error(X509Chain chain, X509Certificate2 certificate, int depth)
    {
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var selfSigned = certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
        if ((flags & X509ChainStatusFlags.UntrustedRoot) != 0)
            return selfSigned && chain.ChainElements.Count == 1 ? (18, "self-signed certificate") : (19, "self-signed certificate in certificate chain");
        if ((flags & X509ChainStatusFlags.PartialChain) != 0)
            return selfSigned ? (18, "self-signed certificate") : (20, "unable to get local issuer certificate");
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
            return certificate.NotBefore > DateTime.Now ? (9, "certificate is not yet valid") : (10, "certificate has expired");
        if ((flags & X509ChainStatusFlags.NotSignatureValid) != 0) return (7, "certificate signature failure");
        if ((flags & X509ChainStatusFlags.InvalidBasicConstraints) != 0) return (24, "invalid CA certificate");
        if (flags != X509ChainStatusFlags.NoError) return (1, "unspecified certificate verification error");
        if (chain.ChainElements.Count - 1 > depth) return (22, "certificate chain too long");
        return (0, "ok");
    }
}
