using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>Request limits and odd requests: nginx's status and page, from real nginx and from us.</summary>
public sealed class ErrorResponseTests(ErrorResponseTests.Servers servers) : IClassFixture<ErrorResponseTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                client_max_body_size 10;
                location / { return 200 "ok $request_method $content_length\n"; }
                location /big/ { client_max_body_size 1k; return 200 "big ok\n"; }
                location /unlimited/ { client_max_body_size 0; return 200 "unlimited\n"; }
                location /tokens-off/ { server_tokens off; return 404; }
                location /ep413/ { error_page 413 /landing; }
                location = /landing { return 200 "landed $request_method\n"; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    public static TheoryData<string> Requests => new()
    {
        "POST / HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello",
        "POST / HTTP/1.0\r\nContent-Length: 11\r\n\r\nhello world",
        "POST /big/ HTTP/1.0\r\nContent-Length: 11\r\n\r\nhello world",
        "POST /unlimited/ HTTP/1.0\r\nContent-Length: 11\r\n\r\nhello world",
        "POST /ep413/ HTTP/1.0\r\nContent-Length: 11\r\n\r\nhello world",
        "HEAD /tokens-off/ HTTP/1.0\r\n\r\n",
        "GET /tokens-off/ HTTP/1.0\r\n\r\n",
        "HEAD / HTTP/1.0\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\n",
        "DELETE / HTTP/1.0\r\n\r\n",
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task SameAnswerAsNginx(string request) => await servers.Pair.AssertSameAsync(request);

    [Fact]
    public async Task ServerTokensOff_PageNamesUsWithoutVersion()
    {
        var response = await RawHttp.SendAsync(servers.Pair.OurPort(), "GET /tokens-off/ HTTP/1.0\r\n\r\n");
        Assert.Equal("proxyserver", response.Header("Server"));
        Assert.Equal("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>proxyserver</center>\r\n</body>\r\n</html>\r\n", response.Body);
        Assert.Equal("HTTP/1.1 404 Not Found", response.StatusLine);
    }

    [Fact]
    public async Task TooLargeBody_LoggedAsNginxLogsIt()
    {
        await RawHttp.SendAsync(servers.Pair.OurPort(), "POST / HTTP/1.0\r\nContent-Length: 11\r\n\r\nhello world");
        Assert.Matches(@"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} \[error\] \d+#\d+: \*\d+ client intended to send too large body: 11 bytes, client: 127\.0\.0\.1, server: , request: ""POST / HTTP/1\.0""", servers.Pair.Ours.ErrorLog);
    }
}
