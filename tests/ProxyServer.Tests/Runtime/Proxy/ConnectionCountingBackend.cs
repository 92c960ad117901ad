using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// A loopback HTTP/1.1 backend that numbers its TCP connections and answers each request with
/// <c>conn=N</c> and the request head it received. It keeps a connection open as HTTP/1.1 allows
/// (closes after <c>Connection: close</c>, or an HTTP/1.0 request without <c>keep-alive</c>), so the
/// numbers show whether a proxy reused its connections.
/// </summary>
public sealed class ConnectionCountingBackend : LoopbackTcpBackend
{
    protected override async Task ServeAsync(NetworkStream stream, int connection)
    {
        var pending = new StringBuilder();
        var buffer = new byte[8192];
        while (true)
        {
            int end;
            while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
            {
                var read = await stream.ReadAsync(buffer, Stopping);
                if (read == 0) return;
                pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
            var head = pending.ToString(0, end);
            pending.Remove(0, end + 4);
            var lower = head.ToLowerInvariant();
            var close = lower.Contains("\r\nconnection: close") || (head.Split("\r\n")[0].EndsWith("HTTP/1.0") && !lower.Contains("\r\nconnection: keep-alive"));
            var body = Encoding.Latin1.GetBytes($"conn={connection}\n{head}\n");
            var response = $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n{(close ? "Connection: close\r\n" : "")}\r\n";
            await stream.WriteAsync(Encoding.Latin1.GetBytes(response).Concat(body).ToArray(), Stopping);
            if (close) return;
        }
    }
}
