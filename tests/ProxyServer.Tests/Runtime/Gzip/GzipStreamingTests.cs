using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Gzip;

/// <summary>
/// A compressed response streams (nginx's gzip_flush.t, which needs embedded perl, asks the same of a
/// proxied response with <c>proxy_buffering off</c>): what the upstream sent can be decoded by the client
/// before the upstream sends the rest; and a response cut short, by the upstream or by the client, never
/// reaches the client as a whole gzip stream and never stops the server.
/// </summary>
public sealed class GzipStreamingTests
{
    private static readonly string FirstPart = "<p>first part " + new string('1', 300) + "</p>\n";
    private static readonly string SecondPart = "<p>second part " + new string('2', 300) + "</p>\n";

    /// <summary>Sends the first chunk, waits until the test lets it go, then the rest.</summary>
    private sealed class TwoPartBackend : LoopbackTcpBackend
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task ServeAsync(NetworkStream stream, int connection)
        {
            await ReadHeadAsync(stream);
            await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
            await WriteAsync(stream, $"{FirstPart.Length:x}\r\n{FirstPart}\r\n");
            await Release.Task.WaitAsync(Stopping);
            await WriteAsync(stream, $"{SecondPart.Length:x}\r\n{SecondPart}\r\n0\r\n\r\n");
        }

        private Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text), Stopping).AsTask();
    }

    /// <summary>Promises a long body, sends part of it, then resets the connection.</summary>
    private sealed class ResettingBackend : LoopbackTcpBackend
    {
        protected override async Task ServeAsync(NetworkStream stream, int connection)
        {
            await ReadHeadAsync(stream);
            var part = new string('x', 20000);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n{part}"), Stopping);
            await Task.Yield();
            stream.Socket.LingerState = new LingerOption(true, 0);
            stream.Socket.Close();
        }
    }

    [Fact]
    public async Task ProxiedResponse_CompressedAsItFlows()
    {
        using var backend = new TwoPartBackend();
        using var ours = ProxyServerInstance.StartHttp(Config(backend.Port, out var port));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"), timeout.Token);

        var received = new MemoryStream();
        var buffer = new byte[65536];
        // Until the first part decodes, the upstream holds the rest back: a filter that waited for the end would hang here.
        while (!Decoded(received.ToArray()).Contains(FirstPart, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, "the connection closed before the first part arrived: " + Encoding.Latin1.GetString(received.ToArray()));
            received.Write(buffer, 0, read);
        }
        backend.Release.SetResult();
        await stream.CopyToAsync(received, timeout.Token);

        var response = RawHttp.Parse(received.ToArray());
        Assert.Equal("gzip", response.Header("Content-Encoding"));
        Assert.Equal(FirstPart + SecondPart, GzipSite.Gunzip(response.Body));
    }

    [Fact]
    public async Task UpstreamResetMidBody_ClientNeverGetsAWholeStream()
    {
        using var backend = new ResettingBackend();
        using var ours = ProxyServerInstance.StartHttp(Config(backend.Port, out var port));
        var response = await RawHttp.SendAsync(port, "GET / HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
        if (!response.IsEmpty)
        {
            Assert.StartsWith("(not a whole gzip stream", GzipSite.Gunzip(response.Body));
        }
        // The server goes on serving.
        var next = await RawHttp.SendAsync(port, "GET /alive HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, next.Status);
    }

    [Fact]
    public async Task ClientGoneMidStream_ServerGoesOn()
    {
        using var backend = new TwoPartBackend();
        using var ours = ProxyServerInstance.StartHttp(Config(backend.Port, out var port));
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n"));
            var buffer = new byte[100];
            Assert.True(await stream.ReadAsync(buffer) > 0);
            client.Client.LingerState = new LingerOption(true, 0);
        }
        backend.Release.SetResult();
        var next = await RawHttp.SendAsync(port, "GET /alive HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, next.Status);
        Assert.Equal("gzip", next.Header("Content-Encoding"));
        Assert.Equal(new string('a', 200), GzipSite.Gunzip(next.Body));
    }

    private static string Config(int backendPort, out int port)
    {
        port = FreePort.Next();
        return $$"""
            server {
                listen 127.0.0.1:{{port}};
                gzip on;
                location / { proxy_pass http://127.0.0.1:{{backendPort}}; proxy_buffering off; }
                location /alive { default_type text/html; return 200 "{{new string('a', 200)}}"; }
            }
            """;
    }

    /// <summary>What the gzip bytes of a response read so far decode to (an incomplete stream decodes partly).</summary>
    private static string Decoded(byte[] received)
    {
        var text = Encoding.Latin1.GetString(received);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return "";
        var body = Dechunked(text[(end + 4)..]);
        var output = new MemoryStream();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(Encoding.Latin1.GetBytes(body)), CompressionMode.Decompress);
            var buffer = new byte[1];
            while (gzip.Read(buffer, 0, 1) == 1) output.WriteByte(buffer[0]);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // a truncated stream: keep what decoded
        }
        return Encoding.Latin1.GetString(output.ToArray());
    }

    private static string Dechunked(string body)
    {
        var result = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0) break;
            var size = Convert.ToInt32(body[position..lineEnd].Split(';')[0], 16);
            if (size == 0 || lineEnd + 2 + size > body.Length) break;
            result.Append(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
        return result.ToString();
    }
}
