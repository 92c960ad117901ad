using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace ProxyServer.Runtime.Upstream.Http1;

/// <summary>
/// One HTTP/1.x connection to a peer (TCP or a unix socket). It carries one request at a time: the head is
/// written from <see cref="HeadBuffer"/>, the response read through <see cref="Reader"/>; its bytes count for the
/// attempt using it (<see cref="Retry.UpstreamTraffic"/>). Kept (upstream <c>keepalive</c>) it goes back to
/// <see cref="KeptConnections{T}"/> once a response was read exactly to its end.
/// </summary>
public sealed class Http1Connection : IKeptConnection
{
    private readonly Socket _socket;

    private Http1Connection(Socket socket)
    {
        _socket = socket;
        Stream = Retry.UpstreamTraffic.Count(new NetworkStream(socket, ownsSocket: true), readsHeads: false);
        Reader = PipeReader.Create(Stream, PeerSocket.ReaderOptions);
        Opened = Stopwatch.GetTimestamp();
    }

    /// <summary>The connection's stream (writes go straight to the socket).</summary>
    public Stream Stream { get; }

    /// <summary>The response side, buffered.</summary>
    public PipeReader Reader { get; }

    /// <summary>Where the next request head is put together before it is written (kept for the connection's life).</summary>
    public ArrayBufferWriter<byte> HeadBuffer { get; } = new(1024);

    public long Opened { get; }

    public long IdleSince { get; set; }

    public int Requests { get; set; }

    /// <summary>Quiet while idle, and nothing of the last response left unread.</summary>
    public bool IsReusable => PeerSocket.IsQuiet(_socket);

    public static async Task<Http1Connection> OpenAsync(EndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        new(await PeerSocket.ConnectAsync(endPoint, timeout, cancellationToken));

    public void Dispose()
    {
        Reader.Complete();
        Stream.Dispose();
    }
}
