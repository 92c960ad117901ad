using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Tls;

/// <summary>
/// <c>check</c> fails on the TLS files nginx -t fails on, with nginx's message naming the file:
/// each case is run through the real <c>nginx -t</c> and our error must be the line it printed.
/// </summary>
public sealed class CertificateCheckTests : IDisposable
{
    private readonly TlsCertificates _certificates = new();

    public CertificateCheckTests()
    {
        _certificates.Server("a", ecdsa: false, "a.test");
        _certificates.Server("b", ecdsa: false, "b.test");
        File.WriteAllText(Path.Combine(_certificates.Directory, "garbage.pem"), "not a certificate\n");
    }

    public static TheoryData<string> Cases => new()
    {
        "ssl_certificate DIR/missing.crt; ssl_certificate_key DIR/a.key;",
        "ssl_certificate DIR/a.crt; ssl_certificate_key DIR/missing.key;",
        "ssl_certificate DIR/a.crt; ssl_certificate_key DIR/b.key;",
        "ssl_certificate DIR/garbage.pem; ssl_certificate_key DIR/a.key;",
        "ssl_certificate DIR/a.crt; ssl_certificate_key DIR/garbage.pem;",
        "ssl_certificate DIR/a.crt; ssl_certificate_key DIR/a.key; ssl_ciphers NO-SUCH-CIPHER;",
        "ssl_certificate DIR/a.crt; ssl_certificate_key DIR/a.key; ssl_verify_client on;",
        "ssl_certificate DIR/a.crt; ssl_certificate_key DIR/a.key; ssl_verify_client on; ssl_client_certificate DIR/missing-ca.crt;",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadTlsFile_CheckFailsWithNginxMessage(string directives)
    {
        var config = Path.Combine(_certificates.Directory, $"nginx-{Guid.NewGuid():N}.conf");
        File.WriteAllText(config, $$"""
            events {}
            http {
                server {
                    listen 127.0.0.1:{{FreePort.Next()}} ssl;
                    {{directives.Replace("DIR", _certificates.Directory)}}
                }
            }
            """);
        var (exitCode, nginxOutput) = NginxInstance.Test(config, _certificates.Directory);
        Assert.NotEqual(0, exitCode);

        var ours = ConfigCheck.Run(config).Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.True(ours.Count == 1, $"{directives}\nnginx: {nginxOutput}\nours: {string.Join("\n", ours)}");
        var error = ours[0];
        Assert.Contains($"[emerg] {error.Message}", nginxOutput);
    }

    [Fact]
    public void GoodFiles_CheckPasses_OldProtocolsWarn()
    {
        var config = Path.Combine(_certificates.Directory, "good.conf");
        var d = _certificates.Directory;
        File.WriteAllText(config, $$"""
            events {}
            http {
                server {
                    listen 127.0.0.1:{{FreePort.Next()}} ssl http2;
                    ssl_certificate {{d}}/a.crt;
                    ssl_certificate_key {{d}}/a.key;
                    ssl_protocols TLSv1 TLSv1.2 TLSv1.3;
                    ssl_ciphers HIGH:!aNULL:!MD5;
                    ssl_session_cache shared:SSL:10m;
                    ssl_session_timeout 10m;
                    ssl_prefer_server_ciphers on;
                }
            }
            """);
        var result = ConfigCheck.Run(config);
        Assert.Equal(0, result.ErrorCount);
        Assert.Contains(result.Diagnostics, w => w.Message.Contains("TLSv1 not served"));
    }

    public void Dispose() => _certificates.Dispose();
}
