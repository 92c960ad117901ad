using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Cgi;

/// <summary>Connections to CGI-speaking peers: TCP (no delay) or a unix socket, within the module's connect timeout.</summary>
public static class CgiSocket
{
    /// <summary>Connects within <paramref name="timeout"/>; a timeout throws <see cref="TimeoutException"/> (nginx's "upstream timed out ... while connecting").</summary>
    public static Task<Socket> ConnectAsync(EndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        Upstream.PeerSocket.ConnectAsync(endPoint, timeout, cancellationToken);

    /// <summary>
    /// A connection per request to the exchange's peer (its connect time recorded for <c>$upstream_connect_time</c>),
    /// handed to <paramref name="talk"/>, which writes the request and reads the response head; if that fails the
    /// connection is closed, an I/O error being nginx's "upstream prematurely closed connection".
    /// </summary>
    public static async Task<HttpResponseMessage> ExchangeAsync(CgiExchange exchange,
        Func<Stream, PipeReader, Task<HttpResponseMessage>> talk, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var socket = await ConnectAsync(exchange.Peer.Address, exchange.Settings.ConnectTimeout, cancellationToken);
        exchange.Attempt.ConnectMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        try
        {
            return await talk(stream, reader);
        }
        catch (Exception e)
        {
            await reader.CompleteAsync();
            await stream.DisposeAsync();
            if (e is IOException or SocketException && !cancellationToken.IsCancellationRequested) throw new UpstreamResponseException("upstream prematurely closed connection", UpstreamFailure.Error);
            throw;
        }
    }
}
