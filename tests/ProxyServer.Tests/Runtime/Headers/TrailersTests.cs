using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Static;

namespace ProxyServer.Tests.Runtime.Headers;

/// <summary>
/// <c>add_trailer</c> and <c>chunked_transfer_encoding</c> asked of nginx and of us: which responses become chunked to
/// carry trailers (HTTP/1.1 with a body; not HTTP/1.0, HEAD, 304 or with chunked_transfer_encoding off), which trailers
/// a status gets (<c>always</c>), in what order, with what values (empty ones dropped, <c>$sent_trailer_NAME</c> of an
/// earlier one, <c>$upstream_response_length</c> at the body's end), and that the body and its length stay whole.
/// </summary>
public sealed class TrailersTests(TrailersTests.Servers servers) : IClassFixture<TrailersTests.Servers>
{
    public sealed class Servers() : StaticSitePair(Config, portCount: 2)
    {
        private static string Config(StaticSite site)
        {
            const string front = "{{P0}}";
            const string back = "{{P1}}";
            return $$"""
                server {
                    listen 127.0.0.1:{{front}};
                    server_name localhost;
                    root {{site.Root}};
                    add_trailer X-Var $host;
                    add_trailer X-Always "$host $status" always;
                    add_trailer X-Empty '';
                    add_trailer X-Sent $sent_trailer_x_var;
                    location / { }
                    location /off/ { chunked_transfer_encoding off; alias {{site.Root}}/; }
                    location /own/ { add_trailer X-Own own; alias {{site.Root}}/; }
                    location /px/ { proxy_pass http://127.0.0.1:{{back}}/; add_trailer X-Length $upstream_response_length; }
                    location /ret { return 200 "text\n"; }
                    location /gone { return 404; }
                }
                server {
                    listen 127.0.0.1:{{back}};
                    location / { return 200 "backend $uri\n"; }
                }
                """;
        }
    }

    [Theory]
    [InlineData("GET /hello.txt HTTP/1.1")]
    [InlineData("GET /hello.txt HTTP/1.0")]
    [InlineData("HEAD /hello.txt HTTP/1.1")]
    [InlineData("GET /empty.txt HTTP/1.1")]
    [InlineData("GET /missing HTTP/1.1")]
    [InlineData("GET /gone HTTP/1.1")]
    [InlineData("GET /off/hello.txt HTTP/1.1")]
    [InlineData("GET /own/hello.txt HTTP/1.1")]
    [InlineData("GET /px/a HTTP/1.1")]
    [InlineData("GET /ret HTTP/1.1")]
    [InlineData("GET /hello.txt HTTP/1.1\r\nIf-Modified-Since: Fri, 31 Dec 2100 23:59:59 GMT")]
    [InlineData("GET /hello.txt HTTP/1.1\r\nRange: bytes=2-5")]
    public async Task SameFramingAndTrailersAsNginx(string requestHead)
    {
        var request = requestHead + "\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        Assert.True(Describe(nginx) == Describe(ours),
            $"request:\n{request}\nnginx:\n{Describe(nginx)}\nproxyserver:\n{Describe(ours)}\nour error log:\n{servers.Pair.Ours.ErrorLog}");
    }

    private static string Describe(RawResponse response) =>
        $"""
        {response.StatusLine}
        Transfer-Encoding: {response.Header("Transfer-Encoding")}
        Content-Length: {response.Header("Content-Length")}
        Content-Range: {response.Header("Content-Range")}
        body: {System.Text.RegularExpressions.Regex.Replace(response.Body, "<hr><center>[^<]*</center>", "<hr><center>SERVER</center>")}
        trailers: {string.Join(" | ", response.Trailers)}
        """;
}
