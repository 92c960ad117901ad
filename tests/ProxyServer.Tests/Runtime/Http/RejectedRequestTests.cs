using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// Requests nginx refuses while reading the request head: those Kestrel refuses by itself (answered
/// through the rejection gate) and those our pipeline refuses where Kestrel accepts. Status line,
/// Content-Type, Connection and page compared with real nginx.
/// </summary>
public sealed partial class RejectedRequestTests(RejectedRequestTests.Servers servers) : IClassFixture<RejectedRequestTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                location / { return 200 "ok $request_method\n"; }
                location /e500 { return 500; }
            }
            server {
                listen 127.0.0.1:{{P1}};
                server_tokens off;
                location / { return 200 "tokens off\n"; }
            }
            server {
                listen 127.0.0.1:{{P2}};
                access_log access.log;
                location / { return 200 "logged\n"; }
            }
            """, portCount: 3);

        public void Dispose() => Pair.Dispose();
    }

    private static string Line(int length, char fill = 'a') => new(fill, length);

    public static TheoryData<string> Requests => new()
    {
        // Kestrel's own refusals.
        "GET / HTTP/1.1\r\n\r\n",
        "HEAD / HTTP/1.1\r\n\r\n",
        "GARBAGE\r\n\r\n",
        "GET / HTTP/1.0\r\nBad Header\r\n\r\n",
        "HEAD / HTTP/1.0\r\nBad Header\r\n\r\n",
        "GET / HTTP/1.0\r\nHost: a b\r\n\r\n",
        "GET /%00 HTTP/1.0\r\n\r\n",
        "GET / HTTP/2.0\r\n\r\n",
        "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET / HTTP/1.0\r\nContent-Length: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
        "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
        // nginx's checks Kestrel does not make.
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "get / HTTP/1.0\r\n\r\n",
        "TRACE / HTTP/1.0\r\n\r\n",
        // refused before keep-alive was decided: the connection closes (http_method.t waits for it)
        "TRACE / HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a..b\r\n\r\n",
        "OPTIONS * HTTP/1.0\r\n\r\n",
        "OPTIONS / HTTP/1.0\r\n\r\n",
        "GET /\u0001 HTTP/1.0\r\n\r\n",
        "GET /\u007f HTTP/1.0\r\n\r\n",
        "FOO_-BAR / HTTP/1.0\r\n\r\n",
        "GET /e500 HTTP/1.1\r\nHost: a\r\n\r\n",
        // large_client_header_buffers 4 8k: a request line or header line of 8192 bytes with its CRLF fits, one more does not.
        $"GET /{Line(8190 - 14)} HTTP/1.0\r\n\r\n",
        $"GET /{Line(8191 - 14)} HTTP/1.0\r\n\r\n",
        $"GET / HTTP/1.0\r\nX-A: {Line(8190 - 5)}\r\n\r\n",
        $"GET / HTTP/1.0\r\nX-A: {Line(8191 - 5)}\r\n\r\n",
        $"HEAD / HTTP/1.0\r\nX-A: {Line(8191 - 5)}\r\n\r\n",
        $"GET / HTTP/1.0\r\nCookie: {Line(9000)}\r\n\r\n",
        // Four large buffers: lines that each need one of their own run out at the fifth, whatever Kestrel's total allows.
        $"GET / HTTP/1.0\r\n{Headers(4, 6000)}\r\n",
        $"GET / HTTP/1.0\r\n{Headers(5, 6000)}\r\n",
        $"GET / HTTP/1.0\r\n{Headers(8, 4000)}\r\n",
        $"GET / HTTP/1.0\r\n{Headers(9, 4000)}\r\n",
        $"GET / HTTP/1.0\r\n{Headers(200, 10)}\r\n",
    };

    private static string Headers(int count, int lineLength)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var name = $"X-{i}: ";
            text.Append(name).Append(Line(lineLength - name.Length)).Append("\r\n");
        }
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task SameAnswerAsNginx(string request) => await WireAnswer.AssertSameAsync(servers.Pair, request);

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("GET / HTTP/1.0\r\nBad Header\r\n\r\n")]
    public async Task DefaultServerTokensOff_PageWithoutVersion(string request) =>
        await WireAnswer.AssertSameAsync(servers.Pair, request, portIndex: 1);

    [Fact]
    public async Task KestrelRejection_HeadersInNginxOrder()
    {
        var (nginx, ours) = await servers.Pair.SendAsync("GARBAGE\r\n\r\n");
        Assert.Equal(nginx.Headers.Select(h => h.Name), ours.Headers.Select(h => h.Name));
        Assert.Equal("proxyserver/0.1.0", ours.Header("Server"));
        Assert.Equal(ours.Body.Length.ToString(), ours.Header("Content-Length"));
    }

    [Fact]
    public async Task KestrelRejection_AfterAKeepAliveRequest_AnswersTheFirstThenThePage()
    {
        var request = "GET / HTTP/1.1\r\nHost: a\r\n\r\nGARBAGE\r\n\r\n";
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        Assert.Equal(nginx.Status, ours.Status);
        Assert.EndsWith("<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<hr><center>proxyserver/0.1.0</center>\r\n</body>\r\n</html>\r\n", ours.Body);
        Assert.StartsWith("ok GET\n", ours.Body);
        Assert.EndsWith("<center><h1>400 Bad Request</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n", nginx.Body);
    }

    [Fact]
    public async Task KestrelRejections_InTheAccessLogAsNginxLogsThem()
    {
        string[] requests =
        [
            "GET /a HTTP/1.1\r\n\r\n",
            "GET /b HTTP/1.0\r\nBad Header\r\n\r\n",
            "HEAD /c HTTP/1.0\r\nBad Header\r\n\r\n",
            $"GET /d HTTP/1.0\r\nX-A: {Line(40000)}\r\n\r\n",
            "GET /e HTTP/1.0\r\n\r\n",
        ];
        foreach (var request in requests) await servers.Pair.SendAsync(request, portIndex: 2);
        // "$request" $status, and whether bytes were sent (the pages differ in length by the server token).
        var expected = await LoggedAsync(Path.Combine(servers.Pair.Nginx.Prefix, "access.log"), requests.Length);
        var actual = await LoggedAsync(Path.Combine(servers.Pair.Ours.Prefix, "access.log"), requests.Length);
        Assert.Equal(requests.Length, expected.Length);
        Assert.Equal(expected, actual);
    }

    private static async Task<string[]> LoggedAsync(string path, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var lines = File.Exists(path) ? (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToArray() : [];
            if (lines.Length >= count || DateTime.UtcNow > deadline)
                return lines.Select(l => AccessLine().Match(l) is { Success: true } m ? $"{m.Groups[1]} {m.Groups[2]} {(m.Groups[3].Value == "0" ? "no body" : "body")}" : l).Order().ToArray();
            await Task.Delay(100);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"([^\"]*)\" (\\d+) (\\d+) ")]
    private static partial System.Text.RegularExpressions.Regex AccessLine();

    [Fact]
    public async Task TooLongHeaderLine_LoggedAsNginxLogsIt()
    {
        await RawHttp.SendAsync(servers.Pair.OurPort(), $"GET / HTTP/1.0\r\nX-Long: {Line(8200)}\r\n\r\n");
        Assert.Contains("[info]", servers.Pair.Ours.ErrorLog);
        Assert.Matches(@"\*\d+ client sent too long header line: ""X-Long: a+\.\.\."" while reading client request headers, client: 127\.0\.0\.1", servers.Pair.Ours.ErrorLog);
    }
}
