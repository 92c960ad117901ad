using System.Net;
using System.Net.Sockets;

namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// A TCP server on a free loopback port handing each connection, numbered from 1, to
/// <see cref="ServeAsync"/>: the base of the hand-written backends whose bytes on the wire a test
/// controls. A peer going away ends its connection quietly; disposing stops the listener.
/// </summary>
public abstract class LoopbackTcpBackend : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    protected LoopbackTcpBackend()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Cancelled when the backend is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Serves one connection until it ends; <paramref name="connection"/> counts from 1.</summary>
    protected abstract Task ServeAsync(NetworkStream stream, int connection);

    /// <summary>Reads a request head up to its empty line; null when the peer closes first.</summary>
    protected async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var received = new System.Text.StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n"))
        {
            var read = await stream.ReadAsync(buffer, Stopping);
            if (read == 0) return null;
            received.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        }
        return received.ToString();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = ServeConnectionAsync(client, Interlocked.Increment(ref _connections));
        }
    }

    private async Task ServeConnectionAsync(TcpClient client, int connection)
    {
        using var _ = client;
        try
        {
            await ServeAsync(client.GetStream(), connection);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the peer went away, or the backend is stopping
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        GC.SuppressFinalize(this);
    }
}
