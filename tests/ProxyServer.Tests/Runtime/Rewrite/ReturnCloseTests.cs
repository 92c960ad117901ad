using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Rewrite;

/// <summary>
/// <c>return 444</c> closes the connection with nothing sent, as nginx's close() does: with a FIN (the
/// client reads the end of the stream), not a reset; the access log says 444 for both.
/// </summary>
public sealed class ReturnCloseTests
{
    [Fact]
    public async Task Return444_EndsTheConnectionWithAFin_AsNginx()
    {
        using var pair = DifferentialPair.StartHttp(
            "log_format s \"$status\";\n"
            + "server { listen 127.0.0.1:{{P0}}; access_log access.log s; location / { return 444; } location /if { if ($arg_x) { return 444; } return 200 ok; } }\n");
        foreach (var target in new[] { "/", "/if?x=1" })
        {
            Assert.Equal("fin, 0 bytes", await EndOf(pair.NginxPort(), target));
            Assert.Equal("fin, 0 bytes", await EndOf(pair.OurPort(), target));
        }
        // Keep-alive requests before it are answered; the 444 ends the connection quietly.
        Assert.Equal("fin, 0 bytes", await EndOf(pair.OurPort(), "/", keepAliveFirst: true));
    }

    /// <summary>Sends one request and reads until the server ends the connection: how it ended and the bytes after any first answer.</summary>
    private static async Task<string> EndOf(int port, string target, bool keepAliveFirst = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        if (keepAliveFirst)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /if HTTP/1.1\r\nHost: a\r\n\r\n"));
            var answer = new byte[4096];
            var got = await stream.ReadAsync(answer);
            Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(answer, 0, got));
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n"));
        var buffer = new byte[4096];
        var total = 0;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0) return $"fin, {total} bytes";
                total += read;
            }
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return $"reset, {total} bytes";
        }
    }
}
