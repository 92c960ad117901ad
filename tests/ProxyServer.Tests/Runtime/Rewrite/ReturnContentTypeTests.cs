using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Rewrite;

/// <summary>
/// <c>return CODE "text"</c> types its body as nginx does: the extension of the current URI looked
/// up in the location's <c>types</c>, else <c>default_type</c>. Content-Type and body compared with real nginx.
/// </summary>
public sealed class ReturnContentTypeTests(ReturnContentTypeTests.Servers servers) : IClassFixture<ReturnContentTypeTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            types { text/html html; text/css css; image/png png; }
            default_type application/octet-stream;
            server {
                listen 127.0.0.1:{{P0}};
                location / { return 200 "text $uri\n"; }
                location /plain/ { default_type text/plain; return 200 "plain $uri\n"; }
                location /own-types/ { types { application/x-own css; } return 200 "own $uri\n"; }
                location /rewritten/ { rewrite ^ /elsewhere.css; return 200 "rewritten $uri\n"; }
                location /status/ { return 404 "missing $uri\n"; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    [Theory]
    [InlineData("/page.html")]
    [InlineData("/PAGE.HTML")]
    [InlineData("/style.css")]
    [InlineData("/noext")]
    [InlineData("/dir.css/file")]
    [InlineData("/.css")]
    [InlineData("/a/.hidden")]
    [InlineData("/image.png?x=1.html")]
    [InlineData("/plain/x.css")]
    [InlineData("/plain/x.txt")]
    [InlineData("/own-types/x.css")]
    [InlineData("/own-types/x.html")]
    [InlineData("/rewritten/x.html")]
    [InlineData("/status/x.css")]
    public async Task ContentTypeAsNginx(string target)
    {
        var request = RawHttp.Get(target);
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        Assert.Equal(nginx.Status, ours.Status);
        Assert.Equal(nginx.Body, ours.Body);
        Assert.Equal(nginx.Header("Content-Type"), ours.Header("Content-Type"));
    }
}
