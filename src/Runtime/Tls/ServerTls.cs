using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ProxyServer.Runtime.Tls;

/// <summary><c>ssl_verify_client</c>'s values.</summary>
public enum ClientVerification { Off, On, Optional, OptionalNoCa }

/// <summary>
/// One <c>server {}</c>'s TLS settings as compiled (http-level values inherited): the certificate
/// context handed to the handshake, protocols, suites, client-certificate rules and ALPN. Kept in
/// the server's <see cref="Locations.LocationConfig.Features"/>, so a reload brings new
/// certificates with the new model and the handshake of each new connection reads the current one.
/// </summary>
public sealed class ServerTls
{
    /// <summary>Every <c>ssl_certificate</c> pair in config order; an RSA and an ECDSA one are chosen between per client (<see cref="CertificateChoice"/>).</summary>
    public required IReadOnlyList<ServedCertificate> Served { get; init; }

    /// <summary><c>ssl_prefer_server_ciphers</c>: the server's order decides which certificate a client gets.</summary>
    public bool PreferServerCiphers { get; init; }

    public required SslProtocols Protocols { get; init; }

    /// <summary>The suites <c>ssl_ciphers</c> expands to (TLS 1.3 suites included); null leaves OpenSSL's default.</summary>
    public CipherSuitesPolicy? Ciphers { get; init; }

    public ClientVerification Verify { get; init; }

    /// <summary><c>ssl_client_certificate</c> plus <c>ssl_trusted_certificate</c>: the roots client certificates must chain to.</summary>
    public X509Certificate2Collection Authorities { get; init; } = [];

    /// <summary><c>ssl_verify_depth</c>: how many CA certificates may follow the client's own.</summary>
    public int VerifyDepth { get; init; } = 1;

    /// <summary><c>http2 on</c> in this server: h2 is offered in ALPN when this server's certificate is chosen.</summary>
    public bool Http2 { get; init; }
}
