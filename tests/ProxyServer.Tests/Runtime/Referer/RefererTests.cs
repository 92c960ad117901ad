using ProxyServer.Tests.NginxConf.Directives;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Referer;

/// <summary>valid_referers against the real nginx: the same <c>$invalid_referer</c> for each Referer, and nginx's errors.</summary>
public sealed class RefererTests(RefererTests.Servers servers) : IClassFixture<RefererTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                server_name site.example ~^re\d+\.example$;
                valid_referers none blocked server_names *.good.com .dot.com www.tail.* exact.org/path/ ~\.rx\.net/ok;
                location / { return 200 "[$invalid_referer]\n"; }
                location /own { valid_referers exact.org; return 200 "[$invalid_referer]\n"; }
                location /off { return 200 "[$invalid_referer]\n"; valid_referers server_names; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("blocked-by-firewall")]
    [InlineData("http://i.r")]
    [InlineData("ftp://good.com/")]
    [InlineData("http://site.example/")]
    [InlineData("HTTPS://SITE.EXAMPLE:8443/x")]
    [InlineData("http://re42.example/")]
    [InlineData("http://RE42.example")]
    [InlineData("http://a.good.com/")]
    [InlineData("http://good.com/")]
    [InlineData("http://a.b.good.com")]
    [InlineData("http://dot.com")]
    [InlineData("http://x.dot.com/y")]
    [InlineData("http://www.tail.io/")]
    [InlineData("http://www.tail/")]
    [InlineData("http://exact.org/path/file")]
    [InlineData("http://exact.org/other")]
    [InlineData("http://exact.org:81/path/")]
    [InlineData("http://exact.org")]
    [InlineData("https://sub.rx.net/ok")]
    [InlineData("https://sub.RX.net/OK")]
    [InlineData("http://evil.com/")]
    public async Task Referer_SameVerdictAsNginx(string? referer)
    {
        var headers = referer is null ? "" : $"Referer: {referer}\r\n";
        foreach (var target in new[] { "/", "/own", "/off" })
            await servers.Pair.AssertSameAsync(RawHttp.Get(target, extraHeaders: headers));
    }

    [Theory]
    [InlineData("server { valid_referers none; }")]
    [InlineData("server { valid_referers blocked ~x; }")]
    [InlineData("server { valid_referers a.com a.com; }")]
    [InlineData("server { valid_referers .a.com a.com; }")]
    [InlineData("server { valid_referers *.a.*; }")]
    [InlineData("server { valid_referers a*b.com; }")]
    [InlineData("server { valid_referers ~; }")]
    [InlineData("server { valid_referers ~(; }")]
    [InlineData("server { valid_referers \"\"; }")]
    [InlineData("server { return 200 $invalid_referer; }")]
    [InlineData("server { location / { valid_referers none server_names; } }")]
    public void BadInput_SameVerdictAsNginx(string body) => NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n{body}\n}}\n");
}
