using System.Buffers;
using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Logging;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// ngx_http_read_client_request_body for the handlers that need the body (proxy_pass): the whole
/// body is read and kept (to send it again to the next peer) before anything goes upstream, with
/// nginx's limits: a chunked body over <c>client_max_body_size</c> is 413 (a declared
/// Content-Length was already refused when the location was found), a gap longer than
/// <c>client_body_timeout</c> between two reads is 408 (nginx closes without answering),
/// malformed chunked encoding is 400.
/// </summary>
public static class RequestBody
{
    private const int ReadSize = 16 * 1024;

    /// <summary>
    /// Bodies up to this size are kept in (pooled) memory, larger ones in a temp file. ASP.NET's
    /// default of 30 KB sent every 100 KB upload through the disk; 1 MB is nginx's default
    /// client_max_body_size, so a body a default config accepts stays in memory.
    /// </summary>
    private const int MemoryLimit = 1024 * 1024;

    /// <summary>
    /// The start of ngx_http_discard_request_body, for answers that do not need the body (<c>return</c>):
    /// the body bytes already received are dropped, and malformed chunked encoding among them is
    /// 400, as in nginx. Kestrel drains the rest after the response. 0, or the status to answer.
    /// (nginx also answers a pending "Expect: 100-continue" here; Kestrel only sends it from an
    /// asynchronous read, and cancelling one breaks its drain of the body, so we do not.)
    /// </summary>
    public static int Discard(NginxRequest request)
    {
        var http = request.Http.Request;
        if (http.ContentLength is not > 0 && http.Headers.TransferEncoding.Count == 0)
        {
            ExpectContinue.AnswerForEmptyBody(request);
            return 0;
        }
        if (request.Features.Get<BodyRead>() is not null) return 0;
        try
        {
            if (http.BodyReader.TryRead(out var received)) http.BodyReader.AdvanceTo(received.Buffer.End);
            return 0;
        }
        catch (Exception e) when (e is BadHttpRequestException || IsChunkSizeOverflow(e))
        {
            request.LogError("client sent invalid chunked body");
            return 400;
        }
    }

    /// <summary>
    /// Kestrel's chunk-size overflow: it parses a chunk size into an int and, past 0x7fffffff, throws
    /// a plain IOException around the OverflowException (not a BadHttpRequestException), which would
    /// otherwise end the request unanswered and let Kestrel send an empty 200. nginx's
    /// ngx_http_parse_chunked refuses sizes past 0x7ffffffffffffffa the same way as other bad
    /// encoding: 400, "client sent invalid chunked body".
    /// </summary>
    private static bool IsChunkSizeOverflow(Exception e) => e is IOException { InnerException: OverflowException };

    /// <summary>0 once the body is read and rewound (or there is none), else the status to finalize the request with.</summary>
    public static async Task<int> ReadAsync(NginxRequest request)
    {
        var http = request.Http.Request;
        if (request.Features.Get<BodyRead>() is not null) return 0;
        var chunked = http.ContentLength is null && http.Headers.TransferEncoding.Count > 0;
        if (http.ContentLength is not > 0 && !chunked)
        {
            ExpectContinue.AnswerForEmptyBody(request);
            return 0;
        }
        http.EnableBuffering(MemoryLimit);
        var core = request.Location.Core;
        var aborted = request.Http.RequestAborted;
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        long total = 0;
        using var between = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        try
        {
            while (true)
            {
                between.CancelAfter(core.ClientBodyTimeout);
                var read = await http.Body.ReadAsync(buffer.AsMemory(0, ReadSize), between.Token);
                if (read == 0) break;
                // nginx checks each chunk's declared size as it parses it; Kestrel hands over decoded bytes.
                if (chunked && core.ClientMaxBodySize > 0 && total + read > core.ClientMaxBodySize)
                {
                    request.LogError($"client intended to send too large chunked body: {total}+{read} bytes");
                    request.BodyDiscarded = true;
                    return 413;
                }
                total += read;
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return 408;
        }
        catch (Exception rejected) when (rejected is BadHttpRequestException || IsChunkSizeOverflow(rejected))
        {
            if (IsChunkSizeOverflow(rejected) || rejected.Message.Contains("chunk", StringComparison.OrdinalIgnoreCase))
                request.LogError("client sent invalid chunked body");
            else
                request.Log(LogLevel.Info, "client prematurely closed connection");
            return 400;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        http.Body.Position = 0;
        request.Features.Set(new BodyRead(total));
        if (chunked)
        {
            // Read whole, the body goes upstream with its length, as nginx sends it ($content_length becomes that length too).
            http.Headers.Remove("Transfer-Encoding");
            http.ContentLength = total;
        }
        return 0;
    }

    /// <summary>
    /// <c>$request_body</c> (ngx_http_variable_request_body): the body a handler read, when it is in memory —
    /// nginx keeps up to <c>client_body_buffer_size</c> there and writes a larger body to a temp file, where the
    /// variable is not found (nginx also keeps the part it read ahead with the request head, up to
    /// <c>client_header_buffer_size</c>, so a body up to about 1k longer stays in memory there: not followed here);
    /// so is a body that was never read (a <c>return</c> discards it) or an empty one.
    /// Read from the buffered copy (no I/O once <see cref="ReadAsync"/> read to the end) and rewound for the upstream.
    /// </summary>
    public static string? InMemory(NginxRequest request)
    {
        if (request.Features.Get<BodyRead>() is not { Bytes: > 0 } read || read.Bytes > request.Location.Core.ClientBodyBufferSize) return null;
        if (request.Features.Get<BodyText>() is { } kept) return kept.Value;
        var body = request.Http.Request.Body;
        var bytes = new byte[read.Bytes];
        var position = body.Position;
        body.Position = 0;
        body.ReadExactly(bytes);
        body.Position = position;
        var text = new BodyText(Core.ByteString.FromBytes(bytes));
        request.Features.Set(text);
        return text.Value;
    }

    /// <summary>
    /// The body <see cref="ReadAsync"/> kept, as bytes for a module that inspects it (naxsi reads
    /// the body through nginx's own reader too); the stream is rewound again for the upstream.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>> BytesAsync(NginxRequest request)
    {
        if (request.Features.Get<BodyRead>() is not { Bytes: > 0 } read) return ReadOnlyMemory<byte>.Empty;
        var body = request.Http.Request.Body;
        var bytes = new byte[read.Bytes];
        body.Position = 0;
        await body.ReadExactlyAsync(bytes, request.Http.RequestAborted);
        body.Position = 0;
        return bytes;
    }
}

/// <summary>The body as <c>$request_body</c> gives it, kept once read.</summary>
internal sealed record BodyText(string? Value);

/// <summary>The body bytes <see cref="RequestBody"/> read (nginx counts them in <c>$request_length</c>; a discarded body it does not).</summary>
public sealed record BodyRead(long Bytes);
