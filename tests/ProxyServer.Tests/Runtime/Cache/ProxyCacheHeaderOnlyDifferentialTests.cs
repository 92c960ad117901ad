using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Cache;

/// <summary>
/// A header-only answer to a cacheable MISS goes to the client at once, as nginx's header filter sends a
/// <c>header_only</c> response's head as the last buffer, while the upstream body still streams into the entry:
/// a HEAD (sent upstream as GET) and a conditional GET the not-modified filter answers 304. The backend sends its
/// head and half its body, then holds the rest until the test has read both servers' heads, so a head held
/// until the body ended never comes (proxy_cache_error.t: a HEAD whose upstream then timed out got nothing).
/// </summary>
public sealed class ProxyCacheHeaderOnlyDifferentialTests : IDisposable
{
    private readonly HoldingBackend _backend = new();
    private readonly DifferentialPair _pair;

    public ProxyCacheHeaderOnlyDifferentialTests()
    {
        const string P0 = "{{P0}}";
        _pair = DifferentialPair.StartHttp($$"""
            proxy_cache_path cache levels=1:2 keys_zone=headonly:1m;
            server {
                listen 127.0.0.1:{{P0}};
                location / {
                    proxy_pass http://127.0.0.1:{{_backend.Port}};
                    proxy_cache headonly;
                    proxy_read_timeout 60s;
                }
            }
            """);
    }

    public void Dispose()
    {
        _backend.Dispose();
        _pair.Dispose();
    }

    [Theory]
    [InlineData("HEAD", "")]
    [InlineData("GET", "If-None-Match: \"held\"\r\n")]
    public async Task HeadOfHeaderOnlyAnswer_GoesBeforeTheUpstreamBodyEnds(string method, string extra)
    {
        var request = $"{method} /held HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra}\r\n";
        using var nginx = await SendAsync(_pair.NginxPort(), request);
        using var ours = await SendAsync(_pair.OurPort(), request);
        var nginxHead = await ReadHeadAsync(nginx);
        var ourHead = await ReadHeadAsync(ours);
        _backend.Release();
        Assert.True(StatusLine(nginxHead) == StatusLine(ourHead),
            $"nginx:\n{nginxHead}\nproxyserver:\n{ourHead}\nour error log:\n{_pair.Ours.ErrorLog}");
        // and the GET after (a HIT, or a MISS while the entry is still being written) has the whole body
        var (hitNginx, hitOurs) = await _pair.SendAsync("GET /held HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.Equal((hitNginx.Status, hitNginx.Body), (hitOurs.Status, hitOurs.Body));
        Assert.Equal("first-last", hitOurs.Body);
    }

    private static async Task<TcpClient> SendAsync(int port, string request)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(request));
        return client;
    }

    /// <summary>Reads up to the head's empty line (or the connection's end), waiting generously: the backend holds its body meanwhile.</summary>
    private static async Task<string> ReadHeadAsync(TcpClient client)
    {
        var stream = client.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (!received.ToString().Contains("\r\n\r\n"))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0) break;
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException)
        {
            received.Append("(no head within 30 s)");
        }
        return received.ToString();
    }

    private static string StatusLine(string head) => head.Split("\r\n")[0];

    /// <summary>Answers every request with a cacheable head and "first", then "-last" once <see cref="Release"/> is called.</summary>
    private sealed class HoldingBackend : LoopbackTcpBackend
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        protected override async Task ServeAsync(NetworkStream stream, int connection)
        {
            if (await ReadHeadAsync(stream) is null) return;
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nETag: \"held\"\r\n"
                + "Cache-Control: max-age=60\r\nConnection: close\r\n\r\nfirst"), Stopping);
            await _released.Task.WaitAsync(Stopping);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("-last"), Stopping);
        }
    }
}
