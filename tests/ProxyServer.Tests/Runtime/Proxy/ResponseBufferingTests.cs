using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.NginxConf.Directives;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// <c>proxy_buffering</c> (issue 21, finding 4), side by side with nginx: with buffering on the peer's response is
/// read as fast as the peer sends it (memory buffers, then a temp file), so clients that never read do not hold
/// the peer, and <c>send_timeout</c> closes those clients; a response header larger than <c>proxy_buffer_size</c>
/// is nginx's 502. No timing is asserted: each wait is for an event (the backend's write finishing, the request's
/// access-log line), with a generous deadline that only a hang reaches.
/// </summary>
public sealed class ResponseBufferingTests : IDisposable
{
    private const long BigBody = 64L * 1024 * 1024;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private readonly BigResponseBackend _backend = new();

    /// <summary>
    /// Five clients ask for 64 MiB and never read: the backend finishes writing every response (it would stay
    /// blocked with the clients if the proxy read only as fast as they take it), and each client is closed after
    /// send_timeout with its response cut short, logged as 200, as nginx does.
    /// </summary>
    [Fact]
    public async Task ClientsThatDoNotRead_DoNotHoldTheBackend_AndAreClosedAfterSendTimeout()
    {
        // send_timeout well above the time the proxy takes to read 320 MiB on a loaded machine: a client closed
        // before its response was read would, with nginx as with us, close the backend's connection too
        using var pair = DifferentialPair.StartHttp(Config("", BigBody, sendTimeout: "20s"));
        var nginx = await NeverReadingClientsAsync(pair.NginxPort(), pair.Nginx.Prefix, clients: 5);
        var ours = await NeverReadingClientsAsync(pair.OurPort(), pair.Ours.Prefix, clients: 5);
        Assert.Equal((5, 0), (nginx.Completed, nginx.Failed));
        Assert.Equal(nginx, ours);
    }

    /// <summary>X-Accel-Buffering: yes turns buffering on for a response of a location with proxy_buffering off.</summary>
    [Fact]
    public async Task AccelBufferingYes_BuffersWhereProxyBufferingIsOff()
    {
        _backend.AccelBuffering = "yes";
        using var pair = DifferentialPair.StartHttp(Config("proxy_buffering off;", 8L * 1024 * 1024, sendTimeout: "10s"));
        var nginx = await NeverReadingClientsAsync(pair.NginxPort(), pair.Nginx.Prefix, clients: 1);
        var ours = await NeverReadingClientsAsync(pair.OurPort(), pair.Ours.Prefix, clients: 1);
        Assert.Equal((1, 0), (nginx.Completed, nginx.Failed));
        Assert.Equal(nginx, ours);
    }

    /// <summary>A body that fits in the buffers and temp file arrives whole, for a client that reads it (with buffering on and off).</summary>
    [Theory]
    [InlineData("")]
    [InlineData("proxy_buffering off;")]
    [InlineData("proxy_max_temp_file_size 0;")]
    [InlineData("proxy_buffers 2 1k; proxy_buffer_size 1k; proxy_busy_buffers_size 1k; proxy_max_temp_file_size 1k; proxy_temp_file_write_size 1k;")]
    public async Task ReadingClient_GetsTheWholeBody(string settings)
    {
        using var pair = DifferentialPair.StartHttp(Config(settings, 3 * 1024 * 1024 + 17));
        foreach (var port in new[] { pair.NginxPort(), pair.OurPort() })
        {
            using var client = new HttpClient();
            var body = await client.GetByteArrayAsync($"http://127.0.0.1:{port}/");
            Assert.Equal(3 * 1024 * 1024 + 17, body.Length);
            Assert.All(body, b => Assert.Equal((byte)'x', b));
        }
    }

    /// <summary>
    /// A peer that closes before its Content-Length is complete (ngx_http_upstream_process_request): the client of a
    /// chunked response (sub_filter drops the length) gets what arrived and then a close without the last chunk, the
    /// client of a response with a Content-Length gets what arrived and a close, with buffering on and off, and
    /// the premature close is logged once, as nginx does.
    /// </summary>
    [Theory]
    [InlineData("sub_filter foo bar; sub_filter_types *;", true)]
    [InlineData("sub_filter foo bar; sub_filter_types *; proxy_buffering off;", true)]
    [InlineData("", false)]
    [InlineData("proxy_buffering off;", false)]
    public async Task PeerClosingEarly_ClientGetsWhatArrived_NeverTheLastChunk(string settings, bool chunked)
    {
        _backend.Missing = 100;
        using var pair = DifferentialPair.StartHttp(Config(settings, 1000));
        foreach (var port in new[] { pair.NginxPort(), pair.OurPort() })
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", port);
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            var received = Encoding.ASCII.GetString(await ReadAllAsync(socket));
            Assert.StartsWith("HTTP/1.1 200 ", received);
            Assert.Equal(chunked, received.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase));
            var body = received[received.IndexOf("\r\n\r\n", StringComparison.Ordinal)..];
            // all that arrived, but what sub_filter keeps back at the flush (nginx keeps one byte of 'foo''s length)
            var least = chunked ? 1000 - "foo".Length + 1 : 1000;
            Assert.True(body.Count(c => c == 'x') is var x && x >= least && x <= 1000, $"port {port}: {received}");
            Assert.DoesNotContain("\r\n0\r\n\r\n", received);
        }
        await WaitForLinesAsync(Path.Combine(pair.Nginx.Prefix, "access.log"), 1, Deadline);
        await WaitForLinesAsync(Path.Combine(pair.Ours.Prefix, "access.log"), 1, Deadline);
        const string line = "upstream prematurely closed connection";
        Assert.True(Count(pair.Nginx.ErrorLog, line) == Count(pair.Ours.ErrorLog, line), $"nginx:\n{pair.Nginx.ErrorLog}\nours:\n{pair.Ours.ErrorLog}");
    }

    private static int Count(string text, string line) => text.Split(line).Length - 1;

    /// <summary>ngx_http_upstream_process_header: a header that does not fit in proxy_buffer_size is 502, logged as nginx logs it.</summary>
    [Theory]
    [InlineData("", 5000, 502)]
    [InlineData("", 3000, 200)]
    [InlineData("proxy_buffer_size 8k;", 5000, 200)]
    [InlineData("proxy_buffering off;", 5000, 502)]
    public async Task HeaderLargerThanProxyBufferSize_Is502(string settings, int headerLength, int status)
    {
        _backend.ExtraHeader = new string('h', headerLength);
        using var pair = DifferentialPair.StartHttp(Config(settings, 10));
        var (nginx, ours) = await pair.SendAsync("GET / HTTP/1.0\r\nHost: x\r\n\r\n");
        Assert.Equal(status, nginx.Status);
        Assert.Equal(nginx.Status, ours.Status);
        if (status == 502)
        {
            const string line = "upstream sent too big header while reading response header from upstream";
            Assert.Contains(line, pair.Nginx.ErrorLog);
            Assert.Contains(line, pair.Ours.ErrorLog);
        }
    }

    /// <summary>ngx_http_proxy_merge_loc_conf's checks of the buffer sizes, in nginx's words.</summary>
    [Theory]
    [InlineData("proxy_buffers 1 4k;")]
    [InlineData("proxy_buffer_size 16k;")]
    [InlineData("proxy_busy_buffers_size 2k;")]
    [InlineData("proxy_busy_buffers_size 28k;")]
    [InlineData("proxy_busy_buffers_size 29k;")]
    [InlineData("proxy_temp_file_write_size 1k;")]
    [InlineData("proxy_max_temp_file_size 1k;")]
    [InlineData("proxy_max_temp_file_size 0;")]
    [InlineData("proxy_buffers 16 8k; proxy_buffer_size 16k;")]
    [InlineData("proxy_temp_path /tmp/x 1 2;")]
    public void BufferSizes_SameVerdictAsNginx(string settings) =>
        NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n{settings}\nserver {{ listen 127.0.0.1:8080; location / {{ proxy_pass http://127.0.0.1:9; }} }}\n}}\n", sameLine: false);

    private string Config(string settings, long bodyLength, string sendTimeout = "2s")
    {
        _backend.BodyLength = bodyLength;
        return $$"""
            log_format status '$status';
            server {
                listen 127.0.0.1:{{"{{P0}}"}};
                access_log access.log status;
                send_timeout {{sendTimeout}};
                location / { proxy_pass http://127.0.0.1:{{_backend.Port}}; {{settings}} }
            }
            """;
    }

    /// <summary>What the backend and the access log saw of <paramref name="clients"/> clients that send a request and read nothing.</summary>
    private sealed record ScenarioOutcome(int Completed, int Failed, string Statuses, bool AllCutShort);

    private async Task<ScenarioOutcome> NeverReadingClientsAsync(int port, string prefix, int clients)
    {
        _backend.Reset();
        var accessLog = Path.Combine(prefix, "access.log");
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < clients; i++)
            {
                // a small receive window, so what the kernel takes for the client is a small part of the body
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                await socket.ConnectAsync("127.0.0.1", port);
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
                sockets.Add(socket);
            }
            // every response written to the end (or failed, when the proxy gave up on it)
            var (completed, failed) = await _backend.WaitForAsync(clients, Deadline);
            // every request ended (its access-log line written): the proxy closed the client
            var lines = await WaitForLinesAsync(accessLog, clients, Deadline);
            var cutShort = true;
            foreach (var socket in sockets) cutShort &= await ReadUntilClosedAsync(socket) < _backend.BodyLength;
            return new ScenarioOutcome(completed, failed, string.Join(" ", lines.Order()), cutShort);
        }
        finally
        {
            foreach (var socket in sockets) socket.Dispose();
        }
    }

    private static async Task<string[]> WaitForLinesAsync(string path, int count, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var lines = File.Exists(path) ? ReadShared(path).Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
            if (lines.Length >= count) return lines;
            if (DateTime.UtcNow > until) throw new TimeoutException($"{lines.Length} of {count} access-log lines in {path}");
            await Task.Delay(100);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>All the client was sent until the connection ends (a close or a reset).</summary>
    private static async Task<byte[]> ReadAllAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        var all = new MemoryStream();
        using var stop = new CancellationTokenSource(Deadline);
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token)) > 0) all.Write(buffer, 0, read);
        }
        catch (SocketException)
        {
        }
        return all.ToArray();
    }

    /// <summary>Reads what the client was sent until the connection ends (a close or a reset); the bytes read.</summary>
    private static async Task<long> ReadUntilClosedAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        using var stop = new CancellationTokenSource(Deadline);
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                if (read == 0) return total;
                total += read;
            }
        }
        catch (SocketException)
        {
            return total;
        }
    }

    public void Dispose() => _backend.Dispose();

    /// <summary>
    /// Answers every request with <see cref="BodyLength"/> bytes of 'x' (Content-Length, then close), and counts
    /// the responses it wrote to the end and those whose writing failed (the proxy closed the connection).
    /// </summary>
    private sealed class BigResponseBackend : LoopbackTcpBackend
    {
        private int _completed, _failed;
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long BodyLength { get; set; }
        public string? AccelBuffering { get; set; }
        public string? ExtraHeader { get; set; }

        /// <summary>Bytes the Content-Length announces beyond <see cref="BodyLength"/>: the backend closes before its body is complete.</summary>
        public long Missing { get; set; }

        public void Reset() => (_completed, _failed) = (0, 0);

        public async Task<(int Completed, int Failed)> WaitForAsync(int count, TimeSpan deadline)
        {
            var until = DateTime.UtcNow + deadline;
            while (Volatile.Read(ref _completed) + Volatile.Read(ref _failed) < count)
            {
                var changed = Volatile.Read(ref _changed).Task;
                if (Volatile.Read(ref _completed) + Volatile.Read(ref _failed) >= count) break;
                var left = until - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new TimeoutException($"{_completed} written, {_failed} failed of {count}");
                await Task.WhenAny(changed, Task.Delay(left));
            }
            return (_completed, _failed);
        }

        protected override async Task ServeAsync(NetworkStream stream, int connection)
        {
            if (await ReadHeadAsync(stream) is null) return;
            var head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n");
            head.Append("Content-Length: ").Append(BodyLength + Missing).Append("\r\nConnection: close\r\n");
            if (AccelBuffering is not null) head.Append("X-Accel-Buffering: ").Append(AccelBuffering).Append("\r\n");
            if (ExtraHeader is not null) head.Append("X-Big: ").Append(ExtraHeader).Append("\r\n");
            head.Append("\r\n");
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), Stopping);
                for (var left = BodyLength; left > 0; left -= chunk.Length)
                    await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), Stopping);
                await stream.FlushAsync(Stopping);
                Interlocked.Increment(ref _completed);
            }
            catch
            {
                Interlocked.Increment(ref _failed);
                throw;
            }
            finally
            {
                Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
            // the body cut short: the backend closes; otherwise the proxy reads to the end, then closes
            if (Missing > 0) return;
            var rest = new byte[1];
            try { while (await stream.ReadAsync(rest, Stopping) > 0) { } } catch (IOException) { }
        }
    }
}
