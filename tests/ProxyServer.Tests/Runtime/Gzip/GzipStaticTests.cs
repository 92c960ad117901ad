using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Gzip;

/// <summary>
/// gzip_static (on, always; with and without gzip_vary) and gunzip (of a proxied gzip response and of a
/// precompressed file), asked of nginx and of us: same status, headers a filter touches, decoded bytes.
/// </summary>
public sealed class GzipStaticTests(GzipStaticTests.Servers servers) : IClassFixture<GzipStaticTests.Servers>
{
    public sealed class Servers() : FilterSitePair(Config)
    {
        private const string P0 = "{{P0}}";
        private const string P1 = "{{P1}}";

        private static string Config(GzipSite site)
        {
            var root = site.Root;
            return $$"""
                server {
                    listen 127.0.0.1:{{P1}};
                    location /gz/ { gzip_static always; alias {{root}}/; }
                }
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{root}};
                    location /static/ { gzip_static on; alias {{root}}/; }
                    location /staticvary/ { gzip_static on; gzip_vary on; alias {{root}}/; }
                    location /always/ { gzip_static always; alias {{root}}/; }
                    location /gunzip/ { gunzip on; proxy_pass http://127.0.0.1:{{P1}}/gz/; }
                    location /gunzipvary/ { gunzip on; gzip_vary on; proxy_pass http://127.0.0.1:{{P1}}/gz/; }
                    location /gunzipgzip/ { gunzip on; gzip on; proxy_pass http://127.0.0.1:{{P1}}/gz/; }
                    location /gunzipstatic/ { gunzip on; gzip_static always; alias {{root}}/; }
                }
                """;
        }
    }

    private const string Gzip = "Accept-Encoding: gzip\r\n";

    [Theory]
    [InlineData("GET", "/static/pre.html", Gzip)]
    [InlineData("GET", "/static/pre.html", "")]
    [InlineData("HEAD", "/static/pre.html", Gzip)]
    [InlineData("GET", "/static/pre.html", Gzip + "Range: bytes=0-5\r\n")]
    [InlineData("GET", "/static/pre.html", Gzip + "If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT\r\n")]
    [InlineData("GET", "/static/only.txt", Gzip)]
    [InlineData("GET", "/static/only.txt", "")]
    [InlineData("GET", "/static/big.html", Gzip)]
    [InlineData("GET", "/static/", Gzip)]
    [InlineData("POST", "/static/pre.html", Gzip)]
    [InlineData("GET", "/staticvary/pre.html", Gzip)]
    [InlineData("GET", "/staticvary/pre.html", "")]
    [InlineData("GET", "/staticvary/big.html", "")]
    [InlineData("GET", "/always/pre.html", "")]
    [InlineData("GET", "/always/only.txt", "")]
    [InlineData("GET", "/gunzip/pre.html", "")]
    [InlineData("GET", "/gunzip/pre.html", Gzip)]
    [InlineData("HEAD", "/gunzip/pre.html", "")]
    [InlineData("GET", "/gunzip/only.txt", "")]
    [InlineData("GET", "/gunzip/big.html", "")]
    [InlineData("GET", "/gunzipvary/pre.html", "")]
    [InlineData("GET", "/gunzipgzip/pre.html", "")]
    [InlineData("GET", "/gunzipgzip/pre.html", Gzip)]
    [InlineData("GET", "/gunzipstatic/pre.html", "")]
    [InlineData("GET", "/gunzipstatic/only.txt", "")]
    public async Task Response_SameAsNginx(string method, string target, string headers)
    {
        var request = $"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}{(method == "POST" ? "Content-Length: 0\r\n" : "")}\r\n";
        await GzipSite.AssertSameAsync(servers.Pair, request);
    }
}
