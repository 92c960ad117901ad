using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// msie_padding (4xx/5xx pages padded for MSIE and Chrome) and msie_refresh (MSIE gets a 200
/// Refresh page instead of a 301/302), with nginx's User-Agent rules. Compared with real nginx.
/// </summary>
public sealed class MsieResponseTests(MsieResponseTests.Servers servers) : IClassFixture<MsieResponseTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                location / { return 404; }
                location /no-padding/ { msie_padding off; return 404; }
                location /redirect/ { return 302 /elsewhere; }
                location /refresh/ {
                    msie_refresh on;
                    location /refresh/302 { return 302 "/some where"; }
                    location /refresh/301 { return 301 "http://example.com/a\"b'c%d<e>f^g`h{i}j|k~l;m[n]é"; }
                    location /refresh/307 { return 307 /x; }
                    location /refresh/rewrite { rewrite ^ /dest?a=1 redirect; }
                    location /refresh/404 { return 404; }
                }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    private const string Msie = "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)";
    private const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
    private const string Opera = "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1) Opera 9.0";
    private const string ShortMsie = "MSIE 6.";

    [Theory]
    [InlineData("/", Msie)]
    [InlineData("/", Chrome)]
    [InlineData("/", Firefox)]
    [InlineData("/", Opera)]
    [InlineData("/", ShortMsie)]
    [InlineData("/", "")]
    [InlineData("/no-padding/", Chrome)]
    [InlineData("/redirect/", Msie)]
    [InlineData("/refresh/302", Msie)]
    [InlineData("/refresh/302", Chrome)]
    [InlineData("/refresh/301", Msie)]
    [InlineData("/refresh/307", Msie)]
    [InlineData("/refresh/rewrite", Msie)]
    [InlineData("/refresh/404", Msie)]
    public async Task SameAnswerAsNginx(string target, string userAgent)
    {
        var agent = userAgent.Length > 0 ? $"User-Agent: {userAgent}\r\n" : "";
        await WireAnswer.AssertSameAsync(servers.Pair, $"GET {target} HTTP/1.0\r\n{agent}\r\n");
        await WireAnswer.AssertSameAsync(servers.Pair, $"HEAD {target} HTTP/1.0\r\n{agent}\r\n");
    }
}
