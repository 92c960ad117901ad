using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Upstream.Http1;

/// <summary>
/// Our HTTP/1.x upstream client against nginx's: the bytes a peer receives, each body framing and when a
/// connection is kept, keepalive_requests, and a kept connection the peer closed being retried on a fresh one
/// (nginx's refusals of malformed heads are HostileInputTests').
/// </summary>
public sealed class Http1UpstreamHandlerTests(Http1UpstreamHandlerTests.Servers servers) : IClassFixture<Http1UpstreamHandlerTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public WireBackend Backend { get; } = new();
        public DifferentialPair Pair { get; }

        public Servers()
        {
            var b = Backend.Port;
            const string P0 = "{{P0}}";
            Pair = DifferentialPair.StartHttp($$"""
                upstream wire { server 127.0.0.1:{{b}}; }
                upstream kept { server 127.0.0.1:{{b}}; keepalive 4; }
                upstream counted { server 127.0.0.1:{{b}}; keepalive 4; keepalive_requests 3; }
                server {
                    listen 127.0.0.1:{{P0}};
                    location /rec/ { proxy_pass http://wire; }
                    location /rec11/ { proxy_pass http://wire/rec/; proxy_http_version 1.1; }
                    location /nobody/ { proxy_pass http://wire; proxy_pass_request_body off; }
                    location /set/ { proxy_pass http://wire; proxy_set_header X-First one; proxy_set_header Host example.org; }
                    location /nohost/ { proxy_pass http://wire; proxy_set_header Host ""; }
                    location /raw/ { proxy_pass http://kept; proxy_http_version 1.1; proxy_set_header Connection ""; }
                    location /counted/ { proxy_pass http://counted/raw/; proxy_http_version 1.1; proxy_set_header Connection ""; }
                }
                """);
        }

        public void Dispose()
        {
            Pair.Dispose();
            Backend.Dispose();
        }
    }

    /// <summary>
    /// Records each request exactly as it arrived (the head, and a body by its length or chunk by chunk, framing
    /// kept) and answers by path with bytes written by hand, an <c>X-Conn</c> header naming the connection.
    /// </summary>
    public sealed class WireBackend : LoopbackTcpBackend
    {
        private readonly ConcurrentQueue<string> _requests = new();
        private readonly SemaphoreSlim _arrived = new(0);

        /// <summary>The next recorded request (10 s at most, then null).</summary>
        public async Task<string?> NextAsync()
        {
            if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(10))) return null;
            _requests.TryDequeue(out var request);
            return request;
        }

        public void Clear()
        {
            while (_arrived.Wait(0)) _requests.TryDequeue(out _);
        }

        protected override async Task ServeAsync(NetworkStream stream, int connection)
        {
            var served = 0;
            while (await ReadLineBlockAsync(stream) is { } head)
            {
                served++;
                var path = head.Split(' ')[1];
                var body = "";
                if (!path.StartsWith("/nobody/", StringComparison.Ordinal) && Header(head, "Content-Length") is { } length)
                    body = await ReadExactlyAsync(stream, int.Parse(length));
                else if (Header(head, "Transfer-Encoding") == "chunked")
                    body = await ReadChunkedAsync(stream);
                _requests.Enqueue(head + body);
                _arrived.Release();
                var conn = $"X-Conn: {connection}\r\n";
                var (answer, close) = path switch
                {
                    "/raw/len" => ($"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n{conn}\r\nhello", false),
                    "/raw/chunked" => ($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n{conn}\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n", false),
                    "/raw/close" => ($"HTTP/1.1 200 OK\r\n{conn}\r\nuntil the end", true),
                    "/raw/head" => ($"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n{conn}\r\n", false),
                    "/raw/204" => ($"HTTP/1.1 204 No Content\r\n{conn}\r\n", false),
                    "/raw/304" => ($"HTTP/1.1 304 Not Modified\r\n{conn}\r\n", false),
                    "/raw/http10" => ($"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n{conn}\r\nok", false),
                    "/raw/conn-close" => ($"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n{conn}\r\nok", false),
                    "/raw/reason" => ($"HTTP/1.1 299 Fine Then\r\nContent-Length: 2\r\n{conn}\r\nok", false),
                    // answered once; a second request on the same connection is met by a close (a peer's idle timeout racing it)
                    "/raw/drop-second" when served > 1 => ("", true),
                    _ => ($"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n{conn}\r\nok", false),
                };
                if (answer.Length > 0) await stream.WriteAsync(Encoding.Latin1.GetBytes(answer), Stopping);
                if (close) return;
            }
        }

        /// <summary>Bytes up to and including the empty line; null when the peer closes first.</summary>
        private async Task<string?> ReadLineBlockAsync(NetworkStream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            while (head.Length < 4 || head[^1] != '\n' || head[^2] != '\r' || head[^3] != '\n' || head[^4] != '\r')
            {
                if (await stream.ReadAsync(one, Stopping) == 0) return null;
                head.Append((char)one[0]);
            }
            return head.ToString();
        }

        private async Task<string> ReadExactlyAsync(NetworkStream stream, int length)
        {
            var buffer = new byte[length];
            await stream.ReadExactlyAsync(buffer, Stopping);
            return Encoding.Latin1.GetString(buffer);
        }

        /// <summary>A chunked body as it came, chunk sizes and all, up to its last chunk and empty line.</summary>
        private async Task<string> ReadChunkedAsync(NetworkStream stream)
        {
            var body = new StringBuilder();
            var one = new byte[1];
            while (!body.ToString().EndsWith("0\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, Stopping) == 0) break;
                body.Append((char)one[0]);
            }
            return body.ToString();
        }

        private static string? Header(string head, string name)
        {
            foreach (var line in head.Split("\r\n").Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Equals(name, StringComparison.OrdinalIgnoreCase)) return line[(colon + 1)..].Trim();
            }
            return null;
        }
    }

    /// <summary>What the peer received for one client request, from nginx and from us (one after the other).</summary>
    private async Task<(string Nginx, string Ours)> ReceivedAsync(string request)
    {
        servers.Backend.Clear();
        await RawHttp.SendAsync(servers.Pair.NginxPort(), request.Replace("{{P0}}", servers.Pair.NginxPort().ToString()));
        var nginx = await servers.Backend.NextAsync() ?? "(nothing)";
        await RawHttp.SendAsync(servers.Pair.OurPort(), request.Replace("{{P0}}", servers.Pair.OurPort().ToString()));
        var ours = await servers.Backend.NextAsync() ?? "(nothing)";
        return (nginx, ours);
    }

    [Theory]
    [InlineData("GET /rec/a?b=c HTTP/1.1\r\nHost: h\r\nAccept: */*\r\nX-Dup: 1\r\nX-Dup: 2\r\nConnection: close\r\n\r\n")]
    [InlineData("POST /rec/p HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")]
    [InlineData("POST /rec/p HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    [InlineData("POST /rec/p HTTP/1.0\r\nHost: h\r\n\r\n")]
    [InlineData("PUT /rec/p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n")]
    [InlineData("POST /nobody/p HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")]
    [InlineData("GET /set/s HTTP/1.1\r\nHost: h\r\nX-First: client\r\nUser-Agent: t\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /nohost/s HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /rec11/v HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")]
    [InlineData("HEAD /rec/head HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")]
    public async Task PeerReceives_TheBytesNginxSends(string request)
    {
        var (nginx, ours) = await ReceivedAsync(request);
        Assert.Equal(nginx, ours);
    }

    /// <summary>Each framing gives the client the same answer; the connection is kept after it exactly when nginx keeps it.</summary>
    [Theory]
    [InlineData("GET", "/raw/len")]
    [InlineData("GET", "/raw/chunked")]
    [InlineData("GET", "/raw/close")]
    [InlineData("HEAD", "/raw/head")]
    [InlineData("GET", "/raw/204")]
    [InlineData("GET", "/raw/304")]
    [InlineData("GET", "/raw/http10")]
    [InlineData("GET", "/raw/conn-close")]
    [InlineData("GET", "/raw/reason")]
    public async Task BodyFraming_AnswersAndKeepsAsNginx(string method, string path)
    {
        var request = $"{method} {path} HTTP/1.0\r\nHost: h\r\n\r\n";
        var nginx = await TwiceAsync(servers.Pair.NginxPort(), request);
        var ours = await TwiceAsync(servers.Pair.OurPort(), request);
        Assert.Equal(nginx, ours);
    }

    /// <summary>Two requests one after the other: the first answer (status line, body) and whether the second came on the same connection.</summary>
    private static async Task<string> TwiceAsync(int port, string request)
    {
        var first = await RawHttp.SendAsync(port, request);
        var second = await RawHttp.SendAsync(port, request);
        var reused = first.Header("X-Conn") is { } conn && conn == second.Header("X-Conn");
        return $"{first.StatusLine}\n{first.Body}\nkept: {reused}";
    }

    /// <summary>
    /// keepalive_requests 3: seven requests in a row take three connections (3 + 3 + 1), as nginx's
    /// ngx_http_upstream_free_keepalive_peer closes a connection that has carried its count.
    /// </summary>
    [Fact]
    public async Task KeepaliveRequests_ClosesAConnectionAfterItsCount()
    {
        var nginx = await ConnectionsAsync(servers.Pair.NginxPort(), "/counted/len", 7);
        var ours = await ConnectionsAsync(servers.Pair.OurPort(), "/counted/len", 7);
        Assert.Equal(3, nginx);
        Assert.Equal(nginx, ours);
    }

    private static async Task<int> ConnectionsAsync(int port, string path, int requests)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < requests; i++)
        {
            var response = await RawHttp.SendAsync(port, RawHttp.Get(path));
            Assert.Equal(200, response.Status);
            seen.Add(response.Header("X-Conn") ?? "none");
        }
        return seen.Count;
    }

    /// <summary>
    /// A kept connection the peer closes when the next request comes: nginx tries again on a fresh connection
    /// (ngx_http_upstream_next on a cached peer gives the try back), logging the close; the client gets the answer.
    /// </summary>
    [Fact]
    public async Task KeptConnectionClosedByPeer_IsRetriedOnAFreshOne()
    {
        foreach (var (port, log) in new[] { (servers.Pair.NginxPort(), (Func<string>)(() => servers.Pair.Nginx.ErrorLog)), (servers.Pair.OurPort(), () => servers.Pair.Ours.ErrorLog) })
        {
            var first = await RawHttp.SendAsync(port, RawHttp.Get("/raw/drop-second"));
            var second = await RawHttp.SendAsync(port, RawHttp.Get("/raw/drop-second"));
            Assert.Equal((200, "ok"), (first.Status, first.Body));
            Assert.Equal((200, "ok"), (second.Status, second.Body));
            Assert.NotEqual(first.Header("X-Conn"), second.Header("X-Conn"));
            Assert.Contains("upstream prematurely closed connection while reading response header from upstream", log());
        }
    }
}
