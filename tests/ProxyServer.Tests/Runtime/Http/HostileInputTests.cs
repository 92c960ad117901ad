using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// Issue #21's smaller differences, against real nginx: an upstream header line with a bare CR is 502, an
/// upstream that ends before its Content-Length leaves the client a truncated response (and a log line), a CR LF
/// a capture or a variable carries into a redirect does not split the response's header, and a thousand header
/// lines that overflow nginx's header buffers are refused.
/// </summary>
public sealed class HostileInputTests(HostileInputTests.Servers servers) : IClassFixture<HostileInputTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public BrokenBackend Backend { get; } = new();
        public DifferentialPair Pair { get; }

        public Servers()
        {
            Pair = DifferentialPair.StartHttp($$"""
                server {
                    listen 127.0.0.1:{P0};
                    location /p/ { proxy_pass http://127.0.0.1:{{Backend.Port}}/; }
                    location /r/ { rewrite "^/r/([\s\S]*)$" /x/$1 redirect; }
                    location /ret/ { return 302 /x$uri; }
                    location / { return 200 "served\n"; }
                }
                """.Replace("{P0}", "{{P0}}"));
        }

        public void Dispose()
        {
            Pair.Dispose();
            Backend.Dispose();
        }
    }

    /// <summary>Answers by path with bytes no HTTP library would write.</summary>
    public sealed class BrokenBackend : LoopbackTcpBackend
    {
        protected override async Task ServeAsync(NetworkStream stream, int connection)
        {
            if (await ReadHeadAsync(stream) is not { } head) return;
            var path = head.Split(' ')[1];
            var response = path switch
            {
                "/cr" => "HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "/cr-after-space" => "HTTP/1.1 200 OK\r\nX-A: a  \rb\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "/cr-in-name" => "HTTP/1.1 200 OK\r\nX\rA: b\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "/nul" => "HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "/space-in-name" => "HTTP/1.1 200 OK\r\nX A: b\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "/colon-first" => "HTTP/1.1 200 OK\r\n: b\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "/truncated" => "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n" + new string('x', 40),
                _ => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
            };
            await stream.WriteAsync(Encoding.Latin1.GetBytes(response), Stopping);
        }
    }

    /// <summary>
    /// ngx_http_parse_header_line takes a CR only before LF, and no NUL, space or control byte in a name: 502, and the
    /// line up to the fault in the log.
    /// </summary>
    [Theory]
    [InlineData("/p/cr", "X-A: a\\x0d")]
    [InlineData("/p/cr-after-space", "X-A: a\\x20")]
    [InlineData("/p/cr-in-name", "X\\x0d")]
    [InlineData("/p/nul", "X-A: a\\x00")]
    [InlineData("/p/space-in-name", "X\\x20")]
    [InlineData("/p/colon-first", "\\x3a")]
    public async Task UpstreamHeaderNginxRefuses_Is502AsNginx(string target, string logged)
    {
        var ours = await servers.Pair.AssertSameAsync(RawHttp.Get(target));
        Assert.Equal(502, ours.Status);
        var line = $"upstream sent invalid header: \"{logged}...\" while reading response header from upstream";
        Assert.Contains(line, servers.Pair.Nginx.ErrorLog);
        Assert.Contains(line, servers.Pair.Ours.ErrorLog);
    }

    /// <summary>The peer closes after 40 of 100 bytes: the client gets the head and the 40 bytes, never a complete response.</summary>
    [Fact]
    public async Task UpstreamClosingBeforeItsLength_LeavesTheResponseTruncated()
    {
        var (nginx, ours) = await servers.Pair.SendAsync(RawHttp.Get("/p/truncated"));
        foreach (var response in new[] { nginx, ours })
        {
            Assert.Equal(200, response.Status);
            Assert.Equal("100", response.Header("Content-Length"));
            Assert.Equal(new string('x', 40), response.Body);
        }
        const string line = "upstream prematurely closed connection while reading upstream";
        Assert.Contains(line, servers.Pair.Nginx.ErrorLog);
        Assert.Contains(line, servers.Pair.Ours.ErrorLog);
    }

    /// <summary>A capture is escaped by nginx's rewrite (NGX_ESCAPE_ARGS on a quoted URI): the same Location here.</summary>
    [Fact]
    public async Task CrLfInARewriteCapture_RedirectsEscapedAsNginx()
    {
        var ours = await servers.Pair.AssertSameAsync(RawHttp.Get("/r/a%0d%0aSet-Cookie:x=1"));
        Assert.Equal(302, ours.Status);
        Assert.EndsWith("/x/a%0D%0ASet-Cookie:x=1", ours.Header("Location"));
    }

    /// <summary>
    /// A variable's CR LF: nginx 1.22 writes it into the Location as it is, so the client receives a header line the
    /// URI chose (<c>Set-Cookie</c> here). We answer the same 302 with the bytes escaped (we used to answer 500).
    /// </summary>
    [Fact]
    public async Task CrLfInAVariable_Redirects302WithTheBytesEscaped()
    {
        var (nginx, ours) = await servers.Pair.SendAsync(RawHttp.Get("/ret/a%0d%0aSet-Cookie:x=1"));
        Assert.Equal(302, nginx.Status);
        Assert.Equal("x=1", nginx.Header("Set-Cookie")); // nginx's injected line
        Assert.Equal(302, ours.Status);
        Assert.EndsWith("/x/ret/a%0D%0ASet-Cookie:x=1", ours.Header("Location"));
        Assert.Null(ours.Header("Set-Cookie"));
    }

    /// <summary>1000 lines of 40 bytes fill nginx's four 8k header buffers before its line limit: 400 (494 logged) on both.</summary>
    [Fact]
    public async Task ThousandHeaderLinesOverflowingTheBuffers_Are400AsNginx()
    {
        var request = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
            + string.Concat(Enumerable.Range(0, 998).Select(i => $"X-Header-{i:D4}: {new string('v', 24)}\r\n")) + "\r\n";
        var ours = await servers.Pair.AssertSameAsync(request);
        Assert.Equal(400, ours.Status);
    }
}
