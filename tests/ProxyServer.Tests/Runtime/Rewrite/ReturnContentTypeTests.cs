using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Rewrite;

/// <summary>
/// <c>return CODE "text"</c> types its body as nginx does: the extension of the current URI looked
/// up in the location's <c>types</c>, else <c>default_type</c>; codes below 400 without text are
/// nginx's send_response (empty body or empty Location, <c>$status</c> already set), not its error
/// page. Compared with real nginx.
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
                location /wire/ {
                    location /wire/301 { return 301; }
                    location /wire/301empty { return 301 ""; }
                    location /wire/200 { return 200; }
                    location /wire/204 { return 204; }
                    location /wire/204text { return 204 "dropped"; }
                    location /wire/304 { return 304; }
                    location /wire/201status { return 201 "status $status\n"; }
                    location /wire/302status { return 302 /to/$status; }
                    location /wire/named { error_page 404 = @named; return 404; }
                    location /wire/404 { return 404; }
                    location /wire/length { return 200 "$request_length\n"; }
                }
                location @named { return 202 "named $uri $status\n"; }
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

    [Theory]
    [InlineData("/wire/301")]
    [InlineData("/wire/301empty")]
    [InlineData("/wire/200")]
    [InlineData("/wire/204")]
    [InlineData("/wire/204text")]
    [InlineData("/wire/304")]
    [InlineData("/wire/201status")]
    [InlineData("/wire/302status")]
    [InlineData("/wire/named")]
    [InlineData("/wire/404")]
    public async Task WireAnswerAsNginx(string target)
    {
        await WireAnswer.AssertSameAsync(servers.Pair, RawHttp.Get(target));
        await WireAnswer.AssertSameAsync(servers.Pair, $"HEAD {target} HTTP/1.0\r\nHost: localhost\r\n\r\n");
    }

    [Theory]
    [InlineData("GET /wire/length HTTP/1.0\r\n\r\n")]
    [InlineData("GET /wire/length?a=1 HTTP/1.0\r\nHost: h.example\r\nUser-Agent: test\r\nX-A: 1\r\nX-A: 2\r\n\r\n")]
    [InlineData("POST /wire/length HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello")]
    public async Task RequestLength_CountsTheHeadNotADiscardedBody(string request) => await WireAnswer.AssertSameAsync(servers.Pair, request);
}
