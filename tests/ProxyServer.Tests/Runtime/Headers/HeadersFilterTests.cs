using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Static;

namespace ProxyServer.Tests.Runtime.Headers;

/// <summary>
/// add_header (inheritance, <c>always</c>, special names) and expires on static files,
/// redirects, returns and error pages, asked of nginx and of us. Expires dates depend on the
/// clock: they must be within two seconds of nginx's; everything else must be identical.
/// </summary>
public sealed class HeadersFilterTests(HeadersFilterTests.Servers servers) : IClassFixture<HeadersFilterTests.Servers>
{
    public sealed class Servers() : StaticSitePair(Config, portCount: 2)
    {
        private static string Config(StaticSite site)
        {
            var root = site.Root;
            const string port = "{{P0}}";
            const string backend = "{{P1}}";
            return $$"""
                add_header X-A http-level;
                server {
                    listen 127.0.0.1:{{backend}};
                    location / { add_header Cache-Control backend; add_header X-B backend; return 200 "backend $uri\n"; }
                    location /404 { return 404; }
                }
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                    location /inherit/ { alias {{root}}/h/; }
                    location /h/ {
                        add_header X-A "a $uri";
                        add_header X-Always yes always;
                        add_header X-B "";
                        expires 1h;
                        location /h/sub/ { add_header X-B nested; }
                    }
                    location /ret/ { add_header X-A ret; add_header X-Always yes always; return 200 "r\n"; }
                    location /ret404/ { add_header X-A ret; add_header X-Always yes always; return 404; }
                    location /ret302/ { add_header X-A ret; return 302 /elsewhere; }
                    location /epoch/ { expires epoch; alias {{root}}/h/; }
                    location /max/ { expires max; alias {{root}}/h/; }
                    location /neg/ { expires -1; alias {{root}}/h/; }
                    location /zero/ { expires 0; alias {{root}}/h/; }
                    location /modified/ { expires modified 1d; alias {{root}}/h/; }
                    location /offx/ { expires off; alias {{root}}/h/; }
                    location /cc/ { add_header Cache-Control private; expires 10m; alias {{root}}/h/; }
                    location /etag/ { add_header ETag "\"mine\""; add_header Last-Modified ""; alias {{root}}/h/; }
                    location /link/ { add_header Link "</a>; rel=preload"; add_header Link "</b>; rel=preload"; alias {{root}}/h/; }
                    location /px/ { add_header X-A proxied; expires 1h; proxy_pass http://127.0.0.1:{{backend}}/; }
                    location /esc/ { add_header X-U "x $uri x"; return 204; }
                    location /if/ {
                        alias {{root}}/h/;
                        add_header X-A outer;
                        if ($arg_x) { add_header X-A inner; }
                    }
                }
                """;
        }
    }

    /// <summary>
    /// A control byte a variable puts in a header value: nginx sends it as it is, Kestrel refuses it (a 500 with no body),
    /// so it goes as a space and the answer keeps nginx's status (a tab stays).
    /// </summary>
    [Fact]
    public async Task ControlByteInAValue_SameStatusAsNginx_SentAsASpace()
    {
        var (nginx, ours) = await servers.Pair.SendAsync("GET /esc/%02%09. HTTP/1.0\r\nHost: headers.test\r\n\r\n");
        Assert.Equal(204, nginx.Status);
        Assert.Equal(nginx.Status, ours.Status);
        Assert.Equal("x /esc/\u0002\t. x", nginx.Header("X-U"));
        Assert.Equal("x /esc/ \t. x", ours.Header("X-U"));
    }

    [Theory]
    [InlineData("/inherit/f.txt", "")]
    [InlineData("/h/f.txt", "")]
    [InlineData("/h/sub/g.txt", "")]
    [InlineData("/h/missing", "")]
    [InlineData("/h/sub", "")]
    [InlineData("/h/f.txt", "If-None-Match: *\r\n")]
    [InlineData("/h/f.txt", "Range: bytes=0-1\r\n")]
    [InlineData("/h/f.txt", "Range: bytes=100-\r\n")]
    [InlineData("/h/f.txt", "If-Match: \"nope\"\r\n")]
    [InlineData("/ret/x", "")]
    [InlineData("/ret404/x", "")]
    [InlineData("/ret302/x", "")]
    [InlineData("/epoch/f.txt", "")]
    [InlineData("/max/f.txt", "")]
    [InlineData("/neg/f.txt", "")]
    [InlineData("/zero/f.txt", "")]
    [InlineData("/modified/f.txt", "")]
    [InlineData("/offx/f.txt", "")]
    [InlineData("/cc/f.txt", "")]
    [InlineData("/etag/f.txt", "")]
    [InlineData("/link/f.txt", "")]
    [InlineData("/if/f.txt", "")]
    [InlineData("/if/f.txt?x=1", "")]
    [InlineData("/px/a", "")]
    [InlineData("/px/404", "")]
    public async Task SameHeadersAsNginx(string target, string headers)
    {
        var request = $"GET {target} HTTP/1.0\r\nHost: headers.test\r\n{headers}\r\n";
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        var expected = StaticSite.Describe(nginx, servers.Pair.NginxPort());
        var actual = StaticSite.Describe(ours, servers.Pair.OurPort());
        Assert.True(expected == actual, $"request:\n{request}\nnginx:\n{expected}\nproxyserver:\n{actual}\nour error log:\n{servers.Pair.Ours.ErrorLog}");
        var nginxExpires = nginx.Header("Expires");
        var ourExpires = ours.Header("Expires");
        Assert.Equal(nginxExpires is null, ourExpires is null);
        if (nginxExpires is null) return;
        Assert.Equal(nginx.Headers.Count(h => h.Name == "Expires"), ours.Headers.Count(h => h.Name.Equals("Expires", StringComparison.OrdinalIgnoreCase)));
        var difference = DateTimeOffset.Parse(nginxExpires) - DateTimeOffset.Parse(ourExpires!);
        Assert.True(Math.Abs(difference.TotalSeconds) <= 2, $"Expires: nginx {nginxExpires}, ours {ourExpires}");
    }
}
