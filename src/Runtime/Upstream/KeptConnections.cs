using System.IO.Pipelines;
using System.Diagnostics;
using System.Net;

namespace ProxyServer.Runtime.Upstream;

/// <summary>A peer connection <see cref="KeptConnections{T}"/> can keep between requests.</summary>
public interface IKeptConnection : IDisposable
{
    /// <summary>When it was opened (<c>keepalive_time</c> counts from here).</summary>
    long Opened { get; }

    /// <summary>When it was last given back to the pool (<c>keepalive_timeout</c> counts from here).</summary>
    long IdleSince { get; set; }

    /// <summary>Requests it has carried (<c>keepalive_requests</c> caps them).</summary>
    int Requests { get; }

    /// <summary>The peer has neither closed it nor sent anything unasked while it was idle.</summary>
    bool IsReusable { get; }
}

/// <summary>
/// Idle peer connections kept as ngx_http_upstream_keepalive_module keeps them: one cache per group (its
/// <c>keepalive N</c>), the most recently freed taken first for the same peer address
/// (ngx_http_upstream_get_keepalive_peer); freeing one when N are idle closes the least recently freed
/// (ngx_http_upstream_free_keepalive_peer); one that carried <c>keepalive_requests</c> requests or is older than
/// <c>keepalive_time</c> is closed instead of kept, and one idle longer than <c>keepalive_timeout</c> is closed
/// when next looked at (nginx's timer closes it at once; the peer cannot tell the difference but by when).
/// </summary>
public sealed class KeptConnections<T> : IDisposable where T : class, IKeptConnection
{
    private readonly Dictionary<UpstreamKeepalive, LinkedList<(EndPoint Peer, T Connection)>> _idle = new();

    public T? Take(EndPoint peer, UpstreamKeepalive keepalive)
    {
        while (true)
        {
            T? connection = null;
            lock (_idle)
            {
                if (!_idle.TryGetValue(keepalive, out var cache)) return null;
                for (var node = cache.First; node is not null; node = node.Next)
                {
                    if (!node.Value.Peer.Equals(peer)) continue;
                    connection = node.Value.Connection;
                    cache.Remove(node);
                    break;
                }
            }
            if (connection is null) return null;
            // keepalive_time is looked at when a connection is freed, not when it is taken (nginx's "keepalive time last")
            if (Stopwatch.GetElapsedTime(connection.IdleSince) < keepalive.IdleTimeout && connection.IsReusable)
                return connection;
            connection.Dispose();
        }
    }

    public void Return(EndPoint peer, UpstreamKeepalive keepalive, T connection)
    {
        if (connection.Requests >= keepalive.Requests || Stopwatch.GetElapsedTime(connection.Opened) > keepalive.MaxLifetime)
        {
            connection.Dispose();
            return;
        }
        connection.IdleSince = Stopwatch.GetTimestamp();
        T? evicted = null;
        lock (_idle)
        {
            if (!_idle.TryGetValue(keepalive, out var cache)) _idle[keepalive] = cache = new();
            if (cache.Count >= Math.Max(keepalive.Connections, 1))
            {
                evicted = cache.Last!.Value.Connection;
                cache.RemoveLast();
            }
            cache.AddFirst((peer, connection));
        }
        evicted?.Dispose();
    }

    public void Dispose()
    {
        lock (_idle)
        {
            foreach (var cache in _idle.Values)
                foreach (var (_, connection) in cache) connection.Dispose();
            _idle.Clear();
        }
    }
}

/// <summary>Sockets to peers: opened within the module's connect timeout, and looked at while idle.</summary>
public static class PeerSocket
{
    /// <summary>
    /// How a peer's responses are read off its connection: up to 64 KiB a read, as YARP's own copier reads. A pipe's
    /// default (4 KiB) made a 1 MB body 256 reads, each passed on to the client as a write of its own.
    /// </summary>
    public static StreamPipeReaderOptions ReaderOptions { get; } = new(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true);

    /// <summary>Connects within <paramref name="timeout"/>; a timeout throws <see cref="TimeoutException"/> (nginx's "upstream timed out ... while connecting").</summary>
    public static async Task<System.Net.Sockets.Socket> ConnectAsync(EndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = endPoint switch
        {
            System.Net.Sockets.UnixDomainSocketEndPoint => new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix,
                System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified),
            IPEndPoint ip => new System.Net.Sockets.Socket(ip.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true },
            _ => new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true },
        };
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

    /// <summary>
    /// The peer has neither closed it nor sent anything unasked (either makes the socket readable): nginx's
    /// keepalive module closes a cached connection on any read event (ngx_http_upstream_keepalive_close_handler).
    /// </summary>
    public static bool IsQuiet(System.Net.Sockets.Socket socket)
    {
        try
        {
            return socket.Connected && !socket.Poll(0, System.Net.Sockets.SelectMode.SelectRead);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
