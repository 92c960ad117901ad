using System.Net;
using System.Net.Sockets;

namespace ProxyServer.Runtime.Cgi;

/// <summary>Connections to CGI-speaking peers: TCP (no delay) or a unix socket, within the module's connect timeout.</summary>
public static class CgiSocket
{
    /// <summary>Connects within <paramref name="timeout"/>; a timeout throws <see cref="TimeoutException"/> (nginx's "upstream timed out ... while connecting").</summary>
    public static async Task<Socket> ConnectAsync(EndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > TimeSpan.Zero) connect.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endPoint, connect.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException("upstream timed out");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
