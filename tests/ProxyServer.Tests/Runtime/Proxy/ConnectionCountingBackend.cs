using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// A loopback HTTP/1.1 backend that numbers its TCP connections and answers each request with
/// <c>conn=N</c> and the request head it received. It keeps a connection open as HTTP/1.1 allows
/// (closes after <c>Connection: close</c>, or an HTTP/1.0 request without <c>keep-alive</c>), so the
/// numbers show whether a proxy reused its connections.
/// </summary>
public sealed class ConnectionCountingBackend : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public ConnectionCountingBackend()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = ServeAsync(client, Interlocked.Increment(ref _connections));
        }
    }

    private async Task ServeAsync(TcpClient client, int id)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var pending = new StringBuilder();
            var buffer = new byte[8192];
            while (true)
            {
                int end;
                while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0) return;
                    pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }
                var head = pending.ToString(0, end);
                pending.Remove(0, end + 4);
                var lower = head.ToLowerInvariant();
                var close = lower.Contains("\r\nconnection: close") || (head.Split("\r\n")[0].EndsWith("HTTP/1.0") && !lower.Contains("\r\nconnection: keep-alive"));
                var body = Encoding.Latin1.GetBytes($"conn={id}\n{head}\n");
                var response = $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n{(close ? "Connection: close\r\n" : "")}\r\n";
                await stream.WriteAsync(Encoding.Latin1.GetBytes(response).Concat(body).ToArray(), _stop.Token);
                if (close) return;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the proxy closed the connection
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
