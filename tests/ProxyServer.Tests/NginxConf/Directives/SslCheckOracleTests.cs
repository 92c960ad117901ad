using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary><c>ssl_verify_client</c> as <c>nginx -t</c> judges it: a server with no certificate of its own has no TLS to verify with.</summary>
public sealed class SslCheckOracleTests
{
    [Theory]
    [InlineData("server { listen 127.0.0.1:8443 ssl; server_name a; ssl_verify_client on; }")]
    [InlineData("server { listen 127.0.0.1:8443; server_name a; ssl_verify_client optional; }")]
    [InlineData("server { listen 127.0.0.1:8443 ssl; server_name a; ssl_certificate CERT; ssl_certificate_key KEY; ssl_verify_client on; }")]
    [InlineData("ssl_certificate CERT; ssl_certificate_key KEY; server { listen 127.0.0.1:8443 ssl; server_name a; ssl_verify_client on; }")]
    [InlineData("server { listen 127.0.0.1:8443 ssl; ssl_certificate CERT; ssl_certificate_key KEY; } server { listen 127.0.0.1:8443 ssl; server_name b; ssl_verify_client on; }")]
    public void VerifyClient_SameVerdictAsNginx(string body)
    {
        using var certificates = new TlsCertificates();
        certificates.Server("localhost");
        var http = body.Replace("CERT", certificates.CertPath("localhost")).Replace("KEY", certificates.KeyPath("localhost"));
        NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n{http}\n}}\n", sameLine: false);
    }
}
