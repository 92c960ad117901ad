using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// A tiny HTTP/1.x backend on a free loopback port that waits <paramref name="delay"/> before answering
/// 200 with its own port as the body: a slow or a fast peer for least_time.
/// </summary>
public sealed class DelayedBackend(TimeSpan delay) : LoopbackTcpBackend
{
    protected override async Task ServeAsync(NetworkStream stream, int connection)
    {
        if (await ReadHeadAsync(stream) is not { } head) return;
        await Task.Delay(delay, Stopping);
        var body = Port.ToString();
        var response = $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), Stopping);
    }
}
