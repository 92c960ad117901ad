using ProxyServer.Tests.Runtime.Gzip;

namespace ProxyServer.Tests.Runtime.Addition;

/// <summary>
/// add_before_body and add_after_body around static files, proxied pages and returns, with addition_types, other
/// statuses, a page adding itself, SSI and gzip, asked of nginx and of us: same status, headers and bytes.
/// </summary>
public sealed class AdditionTests(AdditionTests.Servers servers) : IClassFixture<AdditionTests.Servers>
{
    public sealed class Servers() : FilterSitePair(Config)
    {
        private const string P0 = "{{P0}}";
        private const string P1 = "{{P1}}";

        private static string Config(GzipSite site)
        {
            var root = site.Root;
            site.Write("page.html", "<p>page</p>\n");
            site.Write("head.html", "<header/>\n");
            site.Write("foot.html", "<footer/>\n");
            site.Write("ssi.html", "[<!--#echo var=\"arg_a\" -->]");
            return $$"""
                server {
                    listen 127.0.0.1:{{P1}};
                    root {{root}};
                }
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{root}};
                    location /both/ { add_before_body /head.html; add_after_body /foot.html; alias {{root}}/; }
                    location /before/ { add_before_body /head.html; alias {{root}}/; }
                    location /after/ { add_after_body /foot.html?x=1; alias {{root}}/; }
                    location /txt/ { addition_types text/plain; add_after_body /foot.html; alias {{root}}/; }
                    location /px/ { add_before_body /head.html; add_after_body /foot.html; proxy_pass http://127.0.0.1:{{P1}}/; }
                    location /gz/ { gzip on; gzip_min_length 1; add_before_body /head.html; add_after_body /foot.html; alias {{root}}/; }
                    location /ssi/ { ssi on; add_before_body /ssi.html; add_after_body /ssi.html; alias {{root}}/; }
                    location /missing/ { add_before_body /nothing.html; add_after_body /foot.html; alias {{root}}/; }
                    location = /self.html { add_after_body /self.html; default_type text/html; return 200 "self"; }
                    location = /r202 { add_after_body /foot.html; default_type text/html; return 202 "body"; }
                    location = /r404 { add_after_body /foot.html; return 404; }
                }
                """;
        }
    }

    [Theory]
    [InlineData("/both/page.html", "")]
    [InlineData("/before/page.html", "")]
    [InlineData("/after/page.html", "")]
    [InlineData("/after/empty.html", "")]
    [InlineData("/both/t.txt", "")]
    [InlineData("/txt/t.txt", "")]
    [InlineData("/px/page.html", "")]
    [InlineData("/px/big.html", "")]
    [InlineData("/gz/big.html", "Accept-Encoding: gzip\r\n")]
    [InlineData("/ssi/ssi.html?a=A", "")]
    [InlineData("/missing/page.html", "")]
    [InlineData("/self.html", "")]
    [InlineData("/r202", "")]
    [InlineData("/r404", "")]
    [InlineData("/both/page.html", "Range: bytes=0-3\r\n")]
    public async Task Response_SameAsNginx(string target, string headers)
    {
        var request = $"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n";
        await GzipSite.AssertSameAsync(servers.Pair, request);
    }
}
