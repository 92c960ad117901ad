using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// Where a request body goes and when, compared with real nginx: <c>proxy_request_buffering off</c> hands the
/// peer the head and the first part of a body before the client has sent the rest (chunked stays chunked to an
/// HTTP/1.1 peer, gets its length to an HTTP/1.0 one), a request whose unbuffered body was sent does not go to
/// the next peer; a buffered body larger than <c>client_body_buffer_size</c> goes to a temp file (nginx's warn
/// line), and <c>client_body_in_file_only on</c> keeps it where <c>$request_body_file</c> says.
/// </summary>
public sealed class RequestBufferingTests(RequestBufferingTests.Servers servers) : IClassFixture<RequestBufferingTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            upstream closes_first {
                server 127.0.0.1:{{P2}};
                server 127.0.0.1:{{P1}} backup;
            }
            server {
                listen 127.0.0.1:{{P0}};
                location /off11/ { proxy_request_buffering off; proxy_http_version 1.1; proxy_pass http://127.0.0.1:{{P1}}/; }
                location /off10/ { proxy_request_buffering off; proxy_pass http://127.0.0.1:{{P1}}/; }
                location /on/ { proxy_pass http://127.0.0.1:{{P1}}/; }
                location /next-off/ { proxy_request_buffering off; proxy_pass http://closes_first/; }
                location /next-on/ { proxy_pass http://closes_first/; }
                location /small/ {
                    proxy_request_buffering off;
                    add_header X-Body $request_body;
                    proxy_pass http://127.0.0.1:{{P1}}/;
                }
                location /big/ {
                    client_body_buffer_size 1k;
                    add_header X-Body $request_body;
                    add_header X-Has-File $request_body_file;
                    proxy_pass http://127.0.0.1:{{P1}}/;
                }
                location /kept/ {
                    client_body_in_file_only on;
                    add_header X-Body-File $request_body_file;
                    proxy_pass http://127.0.0.1:{{P1}}/;
                }
            }
            server {
                listen 127.0.0.1:{{P1}};
                location / { return 200 "backend $request_method $content_length $http_transfer_encoding\n"; }
            }
            server {
                listen 127.0.0.1:{{P2}};
                return 444;
            }
            """, portCount: 3);

        public void Dispose() => Pair.Dispose();
    }

    private const string Chunked = "POST {0} HTTP/1.1\r\nHost: a\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n";
    private const string WithLength = "POST {0} HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: {1}\r\n\r\n{2}";

    public static TheoryData<string> Requests => new()
    {
        // unbuffered: a chunked body read whole and sent with its length to HTTP/1.0 (to HTTP/1.1 see below)
        string.Format(Chunked, "/off10/") + "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n",
        string.Format(WithLength, "/off11/", 10, "0123456789"),
        string.Format(WithLength, "/off10/", 10, "0123456789"),
        string.Format(Chunked, "/off11/") + "zz\r\n",
        // a sent unbuffered body cannot go to the backup: 502; buffered, it does
        string.Format(WithLength, "/next-off/", 10, "0123456789"),
        string.Format(WithLength, "/next-on/", 10, "0123456789"),
        string.Format(WithLength, "/small/", 10, "0123456789"),
        string.Format(WithLength, "/big/", 2000, new string('x', 2000)),
        string.Format(Chunked, "/big/") + "7d0\r\n" + new string('y', 2000) + "\r\n0\r\n\r\n",
        string.Format(WithLength, "/big/", 500, new string('x', 500)),
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task SameAnswerAsNginx(string request) => await WireAnswer.AssertSameAsync(servers.Pair, request);

    [Fact]
    public async Task BodyLargerThanTheBuffer_GoesToATempFile_AsNginxWarns()
    {
        var request = string.Format(WithLength, "/big/", 3000, new string('z', 3000));
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        Assert.Equal(200, nginx.Status);
        Assert.Equal(nginx.Status, ours.Status);
        Assert.Null(nginx.Header("X-Body"));
        Assert.Null(ours.Header("X-Body"));
        Assert.NotNull(nginx.Header("X-Has-File"));
        Assert.NotNull(ours.Header("X-Has-File"));
        const string warning = @"\[warn\] \d+#\d+: \*\d+ a client request body is buffered to a temporary file \S+/\d{10}, client: 127\.0\.0\.1, server: , request: ""POST /big/ HTTP/1\.1"", host: ""a""";
        Assert.Matches(warning, servers.Pair.Nginx.ErrorLog);
        Assert.Matches(warning, servers.Pair.Ours.ErrorLog);
        // not kept: nginx unlinks the file as soon as it is open
        Assert.False(File.Exists(ours.Header("X-Has-File")));
    }

    [Fact]
    public async Task InFileOnly_KeepsTheBodyInTheNamedFile()
    {
        var body = "kept body " + Guid.NewGuid();
        var request = string.Format(WithLength, "/kept/", body.Length, body);
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        Assert.Equal(body, File.ReadAllText(nginx.Header("X-Body-File")!));
        Assert.Equal(body, File.ReadAllText(ours.Header("X-Body-File")!));
        Assert.Matches(@"^[0-9]{10}$", Path.GetFileName(ours.Header("X-Body-File")!));
    }

    /// <summary>
    /// With buffering off the peer has the head and the first part of the body while the client still holds the
    /// rest: the backend answers only after it saw the first part, and the client sends the rest only then. With no
    /// body come with the head, the peer gets the head alone at once (nginx sends the request before the body arrives).
    /// </summary>
    [Theory]
    [InlineData(false, "", false, true)]
    [InlineData(true, "", false, true)]
    [InlineData(false, "proxy_http_version 1.1;", false, true)]
    [InlineData(true, "proxy_http_version 1.1;", false, true)]
    [InlineData(false, "proxy_http_version 1.1;", true, true)]
    [InlineData(true, "proxy_http_version 1.1;", true, true)]
    [InlineData(false, "", false, false)]
    [InlineData(true, "", false, false)]
    [InlineData(false, "proxy_http_version 1.1;", true, false)]
    [InlineData(true, "proxy_http_version 1.1;", true, false)]
    public async Task Unbuffered_PeerSeesWhatCameWithTheHeadBeforeTheClientSendsTheRest(bool nginx, string version, bool chunked, bool withFirstPart)
    {
        // a chunked body goes on chunked to an HTTP/1.1 peer, each chunk as it came
        var first = !withFirstPart ? "" : chunked ? "5\r\nfirst\r\n" : "first";
        var rest = chunked ? (withFirstPart ? "" : "5\r\nfirst\r\n") + "5\r\nrest!\r\n0\r\n\r\n" : withFirstPart ? "rest!" : "firstrest!";
        using var backend = new StagedBackend(first, chunked ? "0\r\n\r\n" : "rest!");
        var port = FreePort.Next();
        var config = $$"""
            server {
                listen 127.0.0.1:{{port}};
                location / { proxy_request_buffering off; {{version}} proxy_pass http://127.0.0.1:{{backend.Port}}; }
            }
            """;
        using IDisposable server = nginx ? NginxInstance.StartHttp(config, port) : ProxyServerInstance.StartHttp(config);
        FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var framing = chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: 10\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /up HTTP/1.1\r\nHost: a\r\nConnection: close\r\n" + framing + "\r\n" + first));
        var seen = await backend.FirstPart.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains(framing, seen);
        Assert.EndsWith("\r\n\r\n" + first, seen);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(rest));
        var answer = await ReadAllAsync(stream);
        Assert.StartsWith("HTTP/1.1 200", answer);
        Assert.EndsWith("firstrest!", answer);
    }

    private static async Task<string> ReadAllAsync(NetworkStream stream)
    {
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await stream.CopyToAsync(received, timeout.Token);
        return Encoding.ASCII.GetString(received.ToArray());
    }

    /// <summary>Reads a request head and the body's first part, tells the test, then reads the rest and answers.</summary>
    private sealed class StagedBackend(string firstEnds, string lastEnds) : LoopbackTcpBackend
    {
        public TaskCompletionSource<string> FirstPart { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task ServeAsync(NetworkStream stream, int connection)
        {
            var received = new StringBuilder();
            var buffer = new byte[4096];
            while (!received.ToString().EndsWith("\r\n\r\n" + firstEnds, StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, Stopping);
                if (read == 0) return;
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            FirstPart.TrySetResult(received.ToString());
            while (!received.ToString().EndsWith(lastEnds, StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, Stopping);
                if (read == 0) return;
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nfirstrest!"), Stopping);
        }
    }
}
