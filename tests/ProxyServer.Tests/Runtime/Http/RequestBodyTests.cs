using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// A request body read as nginx reads it for proxy_pass: client_max_body_size against chunked
/// bodies (413, checked while reading, unlike a declared Content-Length), malformed chunks (400),
/// and the body sent upstream whole with its length. Answers compared with real nginx.
/// </summary>
public sealed class RequestBodyTests(RequestBodyTests.Servers servers) : IClassFixture<RequestBodyTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                client_max_body_size 10;
                location / { return 200 "not read $request_method\n"; }
                location /proxy/ { proxy_pass http://127.0.0.1:{{P1}}/; }
                location /unlimited/ { client_max_body_size 0; proxy_pass http://127.0.0.1:{{P1}}/; }
                location /ep413/ { error_page 413 /landing; proxy_pass http://127.0.0.1:{{P1}}/; }
                location = /landing { return 200 "landed $request_method\n"; }
                location /redirect/ { return 302 /elsewhere; }
                location /status/ { return 404; }
                location /length/ { proxy_pass http://127.0.0.1:{{P1}}/; add_header X-Length $request_length; }
                location = /file { alias /etc/nginx/mime.types; }
            }
            server {
                listen 127.0.0.1:{{P1}};
                location / { return 200 "backend $request_method $content_length $http_transfer_encoding\n"; }
            }
            """, portCount: 2);

        public void Dispose() => Pair.Dispose();
    }

    private const string Chunked = "POST {0} HTTP/1.1\r\nHost: a\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n";

    public static TheoryData<string> Requests => new()
    {
        string.Format(Chunked, "/proxy/") + "14\r\n01234567890123456789\r\n0\r\n\r\n",
        string.Format(Chunked, "/proxy/") + "5\r\n01234\r\n5\r\n01234\r\n0\r\n\r\n",
        string.Format(Chunked, "/proxy/") + "5\r\n01234\r\n5\r\n01234\r\n1\r\nx\r\n0\r\n\r\n",
        string.Format(Chunked, "/proxy/") + "0\r\n\r\n",
        string.Format(Chunked, "/proxy/") + "zz\r\n",
        string.Format(Chunked, "/unlimited/") + "14\r\n01234567890123456789\r\n0\r\n\r\n",
        string.Format(Chunked, "/ep413/") + "14\r\n01234567890123456789\r\n0\r\n\r\n",
        // A handler that does not read the body is not limited by it.
        string.Format(Chunked, "/") + "14\r\n01234567890123456789\r\n0\r\n\r\n",
        // return discards the body first: malformed chunks already received are 400, except for an error page.
        string.Format(Chunked, "/") + "zz\r\n",
        string.Format(Chunked, "/redirect/") + "zz\r\n",
        string.Format(Chunked, "/status/") + "zz\r\n",
        // So does the static module, before it sends the file.
        string.Format(Chunked.Replace("POST", "GET"), "/file") + "zz\r\n",
        string.Format(Chunked.Replace("POST", "GET"), "/file") + "3\r\nabc\r\n0\r\n\r\n",
        "POST /proxy/ HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 4\r\n\r\n0123",
        "POST /proxy/ HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 11\r\n\r\n01234567890",
        // An HTTP/1.0 POST or PUT without a length has no body for nginx (Kestrel alone would refuse it).
        "POST / HTTP/1.0\r\nHost: a\r\n\r\n",
        "PUT / HTTP/1.0\nHost: a\n\n",
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task SameAnswerAsNginx(string request) => await WireAnswer.AssertSameAsync(servers.Pair, request);

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n", "abc")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", "3\r\nabc\r\n0\r\n\r\n")]
    public async Task BodyAfterTheAnswer_DiscardedAndTheNextRequestServed(string head, string body)
    {
        const string next = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
        var nginx = await SendInTwoPartsAsync(servers.Pair.NginxPort(), head, body + next);
        var ours = await SendInTwoPartsAsync(servers.Pair.OurPort(), head, body + next);
        Assert.Equal(2, CountAnswers(nginx));
        Assert.Equal(CountAnswers(nginx), CountAnswers(ours));
        Assert.EndsWith("not read GET\n", ours);
    }

    private static int CountAnswers(string received) => received.Split("HTTP/1.1 200 OK").Length - 1;

    private static async Task<string> SendInTwoPartsAsync(int port, string first, string second)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes(first));
        await Task.Delay(300);
        await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes(second));
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // what arrived is what we compare
        }
        return System.Text.Encoding.Latin1.GetString(received.ToArray());
    }

    [Fact]
    public async Task RequestLength_CountsTheBodyRead()
    {
        var (nginx, ours) = await servers.Pair.SendAsync("POST /length/ HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello");
        Assert.Equal("50", nginx.Header("X-Length")); // 45 bytes of head, 5 of body
        Assert.Equal(nginx.Header("X-Length"), ours.Header("X-Length"));
    }

    [Fact]
    public async Task TooLargeChunkedBody_LoggedAsNginxLogsIt()
    {
        await RawHttp.SendAsync(servers.Pair.OurPort(), string.Format(Chunked, "/proxy/") + "14\r\n01234567890123456789\r\n0\r\n\r\n");
        Assert.Matches(@"\[error\] \d+#\d+: \*\d+ client intended to send too large chunked body: 0\+20 bytes, client: 127\.0\.0\.1, server: , request: ""POST /proxy/ HTTP/1\.1"", host: ""a""", servers.Pair.Ours.ErrorLog);
    }

    /// <summary>
    /// Chunk sizes past what nginx's ngx_http_parse_chunked takes (0x7ffffffffffffffa), in the first
    /// chunk or a later one, for a handler that reads the body (proxy_pass), one that discards it
    /// (return) and the static module: nginx's 400. (Kestrel overflows its int and ended the request
    /// unanswered, which it answered with an empty 200.)
    /// </summary>
    public static TheoryData<string> OverflowingChunks()
    {
        var data = new TheoryData<string>();
        foreach (var size in new[] { "ffffffffffffffffff", "ffffffffffffffff", "7fffffffffffffff" })
        {
            data.Add(string.Format(Chunked, "/proxy/") + size + "\r\nabc\r\n0\r\n\r\n");
            data.Add(string.Format(Chunked, "/") + size + "\r\nabc\r\n0\r\n\r\n");
            data.Add(string.Format(Chunked.Replace("POST", "GET"), "/file") + size + "\r\nabc\r\n0\r\n\r\n");
        }
        data.Add(string.Format(Chunked, "/unlimited/") + "3\r\nabc\r\nffffffffffffffffff\r\nabc\r\n0\r\n\r\n");
        data.Add(string.Format(Chunked, "/") + "3\r\nabc\r\n7fffffffffffffff\r\nabc\r\n0\r\n\r\n");
        return data;
    }

    [Theory]
    [MemberData(nameof(OverflowingChunks))]
    public async Task ChunkSizeOverflow_400AsNginx(string request)
    {
        await WireAnswer.AssertSameAsync(servers.Pair, request);
        var (_, ours) = await servers.Pair.SendAsync(request);
        Assert.Equal(400, ours.Status);
        var target = request.Split(' ')[1];
        Assert.Matches(@"\[error\] \d+#\d+: \*\d+ client sent invalid chunked body, client: 127\.0\.0\.1, server: , request: ""\w+ " + System.Text.RegularExpressions.Regex.Escape(target) + @" HTTP/1\.1""", servers.Pair.Ours.ErrorLog);
    }
}
