using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Tls;

/// <summary>
/// One server name with an RSA and an ECDSA certificate (CN rsa.dual.test / ecdsa.dual.test, both for
/// dual.test) on nginx and on us, TLSv1.2 and TLSv1.3. Port 0: client order, RSA listed first;
/// port 1: <c>ssl_prefer_server_ciphers on</c>, ECDSA listed first.
/// </summary>
public sealed class DualCertificateSite : IDisposable
{
    private readonly TlsCertificates _certificates = new();

    public DualCertificateSite()
    {
        var c = _certificates;
        c.Server("rsa", ecdsa: false, "rsa.dual.test", "dual.test");
        c.Server("ecdsa", ecdsa: true, "ecdsa.dual.test", "dual.test");
        string Certificates(string first, string second) => $"""
                    ssl_certificate {c.CertPath(first)};
                    ssl_certificate_key {c.KeyPath(first)};
                    ssl_certificate {c.CertPath(second)};
                    ssl_certificate_key {c.KeyPath(second)};
            """;
        Pair = DifferentialPair.StartHttp($$$"""
                server {
                    listen 127.0.0.1:{{P0}} ssl;
                    server_name dual.test;
                    ssl_protocols TLSv1.2 TLSv1.3;
            {{{Certificates("rsa", "ecdsa")}}}
                    return 200 ok;
                }
                server {
                    listen 127.0.0.1:{{P1}} ssl;
                    server_name dual.test;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    ssl_prefer_server_ciphers on;
            {{{Certificates("ecdsa", "rsa")}}}
                    return 200 ok;
                }
            """, portCount: 2);
    }

    public DifferentialPair Pair { get; }

    public void Dispose()
    {
        Pair.Dispose();
        _certificates.Dispose();
    }
}
