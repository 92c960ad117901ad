using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Tls;

/// <summary>
/// TLS as nginx 1.22 serves it, asked of both with the real curl: SNI's certificate and server,
/// the default server on an SNI miss, <c>$ssl_*</c> values, mutual TLS verdicts and pages,
/// protocol limits, HTTP/2 by ALPN, 497 for plain HTTP and the usual redirect to https.
/// </summary>
public sealed class TlsDifferentialTests(TlsSite site) : IClassFixture<TlsSite>
{
    private string Ca => site.Certificates.CaPath;

    [Theory]
    [InlineData("a.test")]
    [InlineData("b.test")]
    public async Task Sni_ChoosesServerAndCertificate_SameVariablesAsNginx(string name)
    {
        var (nginx, ours) = await site.CurlBothAsync(name, 0, "/", "--cacert", Ca);
        Assert.Equal(0, nginx.ExitCode);
        Assert.Equal(nginx.ExitCode, ours.ExitCode);
        Assert.StartsWith(name + "|on|https|TLSv1.2|", ours.Output);
        Assert.Equal(nginx.Output, ours.Output);
    }

    [Fact]
    public async Task SniMiss_DefaultServerCertificate()
    {
        var nginx = await TlsSite.PresentedSubjectAsync(site.Pair.NginxPort(0), "nobody.test");
        var ours = await TlsSite.PresentedSubjectAsync(site.Pair.OurPort(0), "nobody.test");
        Assert.Equal("CN=a.test", nginx);
        Assert.Equal(nginx, ours);
        Assert.Equal("CN=b.test", await TlsSite.PresentedSubjectAsync(site.Pair.OurPort(0), "b.test"));

        var (nginxBody, oursBody) = await site.CurlBothAsync("nobody.test", 0, "/", "-k");
        Assert.Equal(nginxBody.Output, oursBody.Output);
    }

    [Theory]
    [InlineData("m.test", "client")]
    [InlineData("m.test", null)]
    [InlineData("m.test", "stranger")]
    [InlineData("o.test", "stranger")]
    [InlineData("o.test", null)]
    public async Task MutualTls_VerdictAndPage_SameAsNginx(string name, string? clientCertificate)
    {
        var options = new List<string> { "--cacert", Ca, "-w", "\n%{http_code}" };
        if (clientCertificate is not null)
            options.AddRange(["--cert", site.Certificates.CertPath(clientCertificate), "--key", site.Certificates.KeyPath(clientCertificate)]);
        var (nginx, ours) = await site.CurlBothAsync(name, 0, "/", [.. options]);
        Assert.Equal(0, nginx.ExitCode);
        Assert.Equal(Normalise(nginx.Output), Normalise(ours.Output));
    }

    [Fact]
    public async Task PlainHttpOnSslPort_Nginx400Page()
    {
        var response = await site.Pair.AssertSameAsync(RawHttp.Get("/x?y=1", "a.test"));
        Assert.Equal(400, response.Status);
        Assert.Contains("The plain HTTP request was sent to HTTPS port", response.Body);
        Assert.Equal("close", response.Header("Connection"));
    }

    [Fact]
    public async Task PlainHttpOnSslPort_ErrorPage497Redirects()
    {
        var response = await site.Pair.AssertSameAsync(RawHttp.Get("/x?y=1", "r.test"), portIndex: 1);
        Assert.Equal(301, response.Status);
    }

    [Fact]
    public async Task PlainPort_RedirectsToHttps()
    {
        var response = await site.Pair.AssertSameAsync(RawHttp.Get("/path?q=1", "www.example.com"), portIndex: 2);
        Assert.Equal("https://www.example.com/path?q=1", response.Header("Location"));
    }

    [Fact]
    public async Task Protocols_Tls13Only_RefusesTls12()
    {
        var (nginx, ours) = await site.CurlBothAsync("r.test", 1, "/", "--cacert", Ca, "--tlsv1.2", "--tls-max", "1.2");
        Assert.NotEqual(0, nginx.ExitCode);
        Assert.Equal(nginx.ExitCode, ours.ExitCode);

        (nginx, ours) = await site.CurlBothAsync("r.test", 1, "/", "--cacert", Ca);
        Assert.Contains("|TLSv1.3|TLS_", ours.Output);
        Assert.Equal(nginx.Output, ours.Output);
    }

    [Fact]
    public async Task Protocols_Default_IsNginx122s()
    {
        var (nginx, ours) = await site.CurlBothAsync("a.test", 0, "/", "--cacert", Ca, "--tlsv1.3");
        Assert.NotEqual(0, nginx.ExitCode);
        Assert.Equal(nginx.ExitCode, ours.ExitCode);
    }

    [Theory]
    [InlineData(0, "2")]
    [InlineData(1, "1.1")]
    public async Task Http2_NegotiatedByAlpnWhereListenSaysHttp2(int port, string version)
    {
        var name = port == 0 ? "a.test" : "r.test";
        var (nginx, ours) = await site.CurlBothAsync(name, port, "/", "--cacert", Ca, "--http2", "-o", "/dev/null", "-w", "%{http_version}");
        Assert.Equal(version, nginx.Output.Trim());
        Assert.Equal(version, ours.Output.Trim());
    }

    private static string Normalise(string output) =>
        System.Text.RegularExpressions.Regex.Replace(output, "<hr><center>[^<]*</center>", "<hr><center>SERVER</center>");
}
