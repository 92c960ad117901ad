using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Tls;

/// <summary>
/// What only we do (no oracle needed): certificates change with a HUP while open connections go
/// on; <c>http2 on;</c> (nginx 1.25.1's directive) offers h2 without <c>listen ... http2</c>.
/// </summary>
public sealed class TlsReloadTests
{
    [Fact]
    public async Task Hup_NewCertificateForNewConnections_OpenConnectionKeepsWorking()
    {
        using var certificates = new TlsCertificates();
        certificates.Server("first", ecdsa: false, "a.test", "first.a.test");
        certificates.Server("second", ecdsa: true, "a.test", "second.a.test");
        var port = FreePort.Next();
        string Config(string cert) => $$"""
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    server_name a.test;
                    http2 on;
                    ssl_certificate {{certificates.CertPath(cert)}};
                    ssl_certificate_key {{certificates.KeyPath(cert)}};
                    location / { return 200 "$ssl_protocol\n"; }
                }
            """;
        using var ours = ProxyServerInstance.StartHttp(Config("first"));
        Assert.Equal("CN=a.test", await TlsSite.PresentedSubjectAsync(port, "a.test"));

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var open = new SslStream(client.GetStream());
        await open.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "a.test", RemoteCertificateValidationCallback = (_, _, _, _) => true });
        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(open));
        var firstThumbprint = ((System.Security.Cryptography.X509Certificates.X509Certificate2)open.RemoteCertificate!).Thumbprint;

        var config = File.ReadAllText(ours.ConfigPath);
        File.WriteAllText(ours.ConfigPath, config.Replace(certificates.CertPath("first"), certificates.CertPath("second")).Replace(certificates.KeyPath("first"), certificates.KeyPath("second")));
        ours.Process.Signal("HUP");

        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? presented = null;
        while (DateTime.UtcNow < deadline)
        {
            presented = await ThumbprintAsync(port);
            if (presented != firstThumbprint) break;
            await Task.Delay(100);
        }
        Assert.NotEqual(firstThumbprint, presented);
        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(open));

        var h2 = await Curl.GetAsync("a.test", port, "/", "--cacert", certificates.CaPath, "--http2", "-o", "/dev/null", "-w", "%{http_version}");
        Assert.Equal("2", h2.Output.Trim());
    }

    private static async Task<string> RequestAsync(SslStream stream)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n"));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static async Task<string> ThumbprintAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "a.test", RemoteCertificateValidationCallback = (_, _, _, _) => true });
        return ((System.Security.Cryptography.X509Certificates.X509Certificate2)ssl.RemoteCertificate!).Thumbprint;
    }
}
