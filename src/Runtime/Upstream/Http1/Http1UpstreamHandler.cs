using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Upstream.Http1;

/// <summary>
/// Our own HTTP/1.x client for <c>http://</c> and unix-socket peers, under YARP's forwarder in place of .NET's
/// <see cref="SocketsHttpHandler"/>: the request written as ngx_http_proxy_create_request writes it
/// (<see cref="Http1RequestWriter"/>), the head read in place as ngx_http_proxy_process_status_line and
/// ngx_http_proxy_process_header read it (<see cref="Http1ResponseHead"/>), the body streamed off the connection
/// (<see cref="Http1ResponseContent"/>), and connections kept by the keepalive module's rules
/// (<see cref="KeptConnections{T}"/>): only after a response read exactly to its end, never after an error.
/// One per connect timeout and keepalive setting (<see cref="UpstreamClients"/>).
/// </summary>
public sealed class Http1UpstreamHandler(TimeSpan connectTimeout, UpstreamKeepalive? keepalive) : HttpMessageHandler
{
    /// <summary>The longest response head read (.NET's client's limit; nginx's is proxy_buffer_size, not applied).</summary>
    private const int MaxHead = 64 * 1024;

    private readonly KeptConnections<Http1Connection> _kept = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(UpstreamClient.AttemptKey, out var attempt);
        var peer = PeerOf(request, attempt);
        var started = Stopwatch.GetTimestamp();
        var connection = keepalive is null ? null : _kept.Take(peer, keepalive);
        var cached = connection is not null;
        connection ??= await Http1Connection.OpenAsync(peer, connectTimeout, cancellationToken);
        if (attempt is not null)
        {
            attempt.ConnectMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            attempt.CachedConnection = cached;
        }
        connection.Requests++;
        var answered = false;
        try
        {
            StreamedRequestContent.Wrap(request);
            await Http1RequestWriter.WriteAsync(request, connection.Stream, connection.HeadBuffer, cancellationToken);
            var head = await ReadHeadAsync(connection, () => answered = true, cancellationToken);
            return ToResponse(request, head, connection, peer);
        }
        catch (Exception e)
        {
            connection.Dispose();
            // a kept connection the peer closed before answering: ngx_http_upstream_next sees an error on a cached peer
            if (attempt is not null && !answered) attempt.CachedConnectionClosed = cached && e is IOException or SocketException or UpstreamResponseException { Failure: UpstreamFailure.Error };
            throw;
        }
    }

    /// <summary>The peer's address: its unix socket, else the URI's host (a peer's address, as the registry resolved it) and port.</summary>
    private static EndPoint PeerOf(HttpRequestMessage request, UpstreamAttempt? attempt)
    {
        if (attempt?.UnixSocket is { } unix) return unix;
        var uri = request.RequestUri!;
        return IPAddress.TryParse(uri.IdnHost, out var address) ? new IPEndPoint(address, uri.Port) : new DnsEndPoint(uri.IdnHost, uri.Port);
    }

    /// <summary>
    /// Reads until a final head has come (a 1xx but 101 is read through, as .NET's client did); a peer that closes
    /// first is nginx's "upstream prematurely closed connection".
    /// </summary>
    private static async Task<Http1ResponseHead> ReadHeadAsync(Http1Connection connection, Action answered, CancellationToken cancellationToken)
    {
        var reader = connection.Reader;
        var head = new Http1ResponseHead();
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (!buffer.IsEmpty) answered();
            var parsed = Parse(head, buffer, out var consumed);
            if (parsed == Http1ResponseHead.Result.Invalid)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new UpstreamResponseException(head.Invalid!);
            }
            if (parsed == Http1ResponseHead.Result.Done)
            {
                reader.AdvanceTo(buffer.GetPosition(consumed));
                if (head.Status is >= 100 and < 200 && head.Status != 101)
                {
                    head = new Http1ResponseHead();
                    continue;
                }
                return head;
            }
            if (buffer.Length > MaxHead)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new UpstreamResponseException("upstream sent too big header");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) throw new UpstreamResponseException("upstream prematurely closed connection", UpstreamFailure.Error);
        }
    }

    private static Http1ResponseHead.Result Parse(Http1ResponseHead head, ReadOnlySequence<byte> buffer, out int consumed)
    {
        if (buffer.IsSingleSegment) return head.Parse(buffer.FirstSpan, out consumed);
        var copy = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length, MaxHead + 1));
        try
        {
            var length = (int)Math.Min(buffer.Length, copy.Length);
            buffer.Slice(0, length).CopyTo(copy);
            return head.Parse(copy.AsSpan(0, length), out consumed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>
    /// The head as .NET's response (headers split between the response and its content as .NET splits them), with a
    /// body framed as ngx_http_proxy_input_filter_init frames it; whether the connection can be kept follows
    /// ngx_http_proxy_process_header (no <c>Connection: close</c>, not an HTTP/1.0 answer).
    /// </summary>
    private HttpResponseMessage ToResponse(HttpRequestMessage request, Http1ResponseHead head, Http1Connection connection, EndPoint peer)
    {
        var response = new HttpResponseMessage((HttpStatusCode)head.Status)
        {
            ReasonPhrase = head.Reason,
            Version = head.Version,
            RequestMessage = request,
        };
        long length = -1;
        var chunked = false;
        var close = head.Version < HttpVersion.Version11;
        var contentHeaders = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in head.Headers)
        {
            if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
            }
            else if (string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                // ngx_http_upstream_process_transfer_encoding: exactly "chunked" (HTTP/1.1 only)
                chunked = head.Version >= HttpVersion.Version11 && string.Equals(value, "chunked", StringComparison.OrdinalIgnoreCase);
                if (!chunked) close = true;
                continue;
            }
            else if (string.Equals(name, "Connection", StringComparison.OrdinalIgnoreCase))
            {
                if (value.Contains("close", StringComparison.OrdinalIgnoreCase)) close = true;
            }
            if (!response.Headers.TryAddWithoutValidation(name, value)) contentHeaders.Add(new(name, value));
        }
        if (chunked) response.Headers.TransferEncodingChunked = true;
        var framing = head.Status == 101 ? Http1Framing.Upgrade
            : request.Method == HttpMethod.Head || head.Status is 204 or 304 ? Http1Framing.None
            : chunked ? Http1Framing.Chunked
            : length == 0 ? Http1Framing.None
            : length > 0 ? Http1Framing.Length
            : Http1Framing.Close;
        var kept = keepalive;
        var content = new Http1ResponseContent(connection, framing, length, reusable =>
        {
            if (reusable && !close && kept is not null) _kept.Return(peer, kept, connection);
            else connection.Dispose();
        });
        foreach (var (name, value) in contentHeaders) content.Headers.TryAddWithoutValidation(name, value);
        response.Content = content;
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _kept.Dispose();
        base.Dispose(disposing);
    }
}
