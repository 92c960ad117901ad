using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Gzip;

namespace ProxyServer.Tests.Runtime.SubFilter;

/// <summary>
/// sub_filter on static files, proxied responses, returns and error pages, with several strings,
/// variables, case, once on and off, types, last_modified, and together with gzip, asked of nginx and of
/// us: same status, same headers a filter touches, same bytes.
/// </summary>
public sealed class SubFilterTests(SubFilterTests.Servers servers) : IClassFixture<SubFilterTests.Servers>
{
    public sealed class Servers() : FilterSitePair(Config)
    {
        private const string P0 = "{{P0}}";
        private const string P1 = "{{P1}}";

        private static string Config(GzipSite site)
        {
            var root = site.Root;
            site.Write("page.html", "<html><head><title>Old Title</title></head><body>foo FOO bar foo baz</body></html>\n");
            site.Write("page.txt", "foo bar foo\n");
            var big = new System.Text.StringBuilder();
            for (var i = 0; big.Length < 200000; i++) big.Append("chunk ").Append(i).Append(" needle here and NEEDLE there\n");
            site.Write("big.html", big.ToString());
            return $$"""
                server {
                    listen 127.0.0.1:{{P1}};
                    root {{root}};
                }
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{root}};
                    sub_filter foo "[$uri]";
                    location /many/ { sub_filter_once off; sub_filter foo F; sub_filter bar B; sub_filter "foo bar" FB; alias {{root}}/; }
                    location /once/ { sub_filter foo F; sub_filter baz Z; alias {{root}}/; }
                    location /types/ { sub_filter_types text/plain; alias {{root}}/; }
                    location /lm/ { sub_filter_last_modified on; alias {{root}}/; }
                    location /var/ { sub_filter_once off; sub_filter $arg_s $arg_r; alias {{root}}/; }
                    location /big/ { sub_filter_once off; sub_filter needle pin; alias {{root}}/; }
                    location /px/ { sub_filter_once off; sub_filter needle pin; proxy_pass http://127.0.0.1:{{P1}}/; }
                    location /gz/ { gzip on; gzip_min_length 1; sub_filter_once off; sub_filter needle pin; alias {{root}}/; }
                    location /ret { sub_filter_once off; sub_filter_types text/plain; return 200 "foo and foo and FoO\n"; }
                    location /title { sub_filter "<title>old title</title>" "<title>new</title>"; alias {{root}}/page.html; }
                    location /e404 { sub_filter "Not Found" "Lost"; return 404; }
                    location /empty { sub_filter foo bar; alias {{root}}/empty.html; }
                }
                """;
        }
    }

    [Theory]
    [InlineData("/page.html", "")]
    [InlineData("/page.txt", "")]
    [InlineData("/many/page.html", "")]
    [InlineData("/once/page.html", "")]
    [InlineData("/types/page.txt", "")]
    [InlineData("/lm/page.html", "")]
    [InlineData("/var/page.html?s=BAR&r=<$uri>", "")]
    [InlineData("/var/page.html?s=&r=x", "")]
    [InlineData("/big/big.html", "")]
    [InlineData("/px/big.html", "")]
    [InlineData("/gz/big.html", "Accept-Encoding: gzip\r\n")]
    [InlineData("/ret", "")]
    [InlineData("/title", "")]
    [InlineData("/e404", "")]
    [InlineData("/empty", "")]
    [InlineData("/page.html", "Range: bytes=0-5\r\n")]
    public async Task Response_SameAsNginx(string target, string headers)
    {
        var request = $"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n";
        await GzipSite.AssertSameAsync(servers.Pair, request);
    }
}
