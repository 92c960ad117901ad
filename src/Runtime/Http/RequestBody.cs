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
/// malformed chunked encoding is 400. Kept as nginx keeps it (<see cref="ClientBodyStore"/>: memory up to
/// <c>client_body_buffer_size</c>, else a temp file under <c>client_body_temp_path</c>). With
/// <c>proxy_request_buffering off</c> the body is not read here but streamed to the peer as it comes (<see cref="Stream"/>).
/// </summary>
public static class RequestBody
{
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
        if (request.Features.Get<BodyRead>() is not null || IsStreamed(request)) return 0;
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
    internal static bool IsChunkSizeOverflow(Exception e) => e is IOException { InnerException: OverflowException };

    /// <summary>0 once the body is read and rewound (or there is none), else the status to finalize the request with.</summary>
    public static async Task<int> ReadAsync(NginxRequest request)
    {
        var http = request.Http.Request;
        if (request.Features.Get<BodyRead>() is not null) return 0;
        var chunked = http.ContentLength is null && http.Headers.TransferEncoding.Count > 0;
        var core = request.Location.Core;
        if (http.ContentLength is not > 0 && !chunked)
        {
            ExpectContinue.AnswerForEmptyBody(request);
            // client_body_in_file_only makes a file even for no body (ngx_http_read_client_request_body)
            if (core.ClientBodyInFileOnly == ClientBodyInFileOnly.Off) return 0;
            var empty = ClientBodyStore.Create(core, 0);
            request.Http.Response.RegisterForDispose(empty);
            if (empty.EnsureFile(out var made) is { } failed) return TempFileFailed(request, failed);
            Buffered(request, empty, made);
            return 0;
        }
        var store = ClientBodyStore.Create(core, http.ContentLength);
        request.Http.Response.RegisterForDispose(store);
        var aborted = request.Http.RequestAborted;
        var reader = http.BodyReader;
        using var between = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        string? file = null;
        try
        {
            while (true)
            {
                between.CancelAfter(core.ClientBodyTimeout);
                var result = await reader.ReadAsync(between.Token);
                var data = result.Buffer;
                // nginx checks each chunk's declared size as it parses it; Kestrel hands over decoded bytes.
                if (chunked && core.ClientMaxBodySize > 0 && store.Length + data.Length > core.ClientMaxBodySize)
                {
                    reader.AdvanceTo(data.End);
                    request.LogError($"client intended to send too large chunked body: {store.Length}+{data.Length} bytes");
                    request.BodyDiscarded = true;
                    return 413;
                }
                var failed = store.Append(data, out var spilled);
                reader.AdvanceTo(data.End);
                if (failed is not null) return TempFileFailed(request, failed);
                file ??= spilled;
                if (result.IsCompleted) break;
            }
            if (store.EnsureFile(out var made) is { } notMade) return TempFileFailed(request, notMade);
            file ??= made;
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return 408;
        }
        catch (Exception rejected) when (rejected is BadHttpRequestException || IsChunkSizeOverflow(rejected))
        {
            return Rejected(request, rejected);
        }
        Buffered(request, store, file);
        if (chunked)
        {
            // Read whole, the body goes upstream with its length, as nginx sends it ($content_length becomes that length too).
            http.Headers.Remove("Transfer-Encoding");
            http.ContentLength = store.Length;
        }
        return 0;
    }

    /// <summary>The kept body becomes the request's (seekable) body for the upstream; nginx warns when it took a temp file.</summary>
    private static void Buffered(NginxRequest request, ClientBodyStore store, string? file)
    {
        // ngx_write_chain_to_temp_file: tf->warn at r->request_body_file_log_level (notice with client_body_in_file_only)
        if (file is not null)
            request.Log(request.Location.Core.ClientBodyInFileOnly == ClientBodyInFileOnly.Off ? LogLevel.Warn : LogLevel.Notice,
                $"a client request body is buffered to a temporary file {file}");
        request.Http.Request.Body = store.OpenRead();
        request.Features.Set(store);
        request.Features.Set(new BodyRead(store.Length));
    }

    private static int TempFileFailed(NginxRequest request, string line)
    {
        request.Log(LogLevel.Crit, line);
        return 500;
    }

    /// <summary>A body Kestrel refused: malformed chunked encoding (400, logged as nginx does), or the client gone mid-body.</summary>
    internal static int Rejected(NginxRequest request, Exception rejected)
    {
        if (IsChunkSizeOverflow(rejected) || rejected.Message.Contains("chunk", StringComparison.OrdinalIgnoreCase))
            request.LogError("client sent invalid chunked body");
        else
            request.Log(LogLevel.Info, "client prematurely closed connection");
        return 400;
    }

    /// <summary>
    /// ngx_http_read_unbuffered_request_body: the request's body becomes a stream of the client's reads (nothing
    /// kept for another peer). For the proxy with <c>proxy_request_buffering off</c>, whose handler sets
    /// r->request_body_no_buffering unless the body is chunked and the peer speaks HTTP/1.0
    /// (ngx_http_proxy_handler); a chunked body then goes on chunked.
    /// </summary>
    /// <returns>
    /// 0, or the status to finalize with (the part that came with the head was already malformed); a chunked body
    /// that came whole with its head is read whole instead and goes on with its length, as nginx's preread does.
    /// </returns>
    public static async Task<int> StreamAsync(NginxRequest request)
    {
        var http = request.Http.Request;
        if (request.Features.Get<BodyRead>() is not null || request.Features.Get<StreamedClientBody>() is not null) return 0;
        var chunked = http.ContentLength is null && http.Headers.TransferEncoding.Count > 0;
        if (http.ContentLength is not > 0 && !chunked) return 0;
        var streamed = new StreamedClientBody(http.Body, request, http.ContentLength);
        request.Http.Response.RegisterForDispose(streamed);
        // nginx reads what came with the head before it connects (Kestrel's chunked decoder starts on this first look)
        var (_, whole, failed) = streamed.PeekWhole();
        if (failed > 0) return failed;
        if (chunked && whole) return await ReadAsync(request);
        http.Body = streamed;
        request.Features.Set(streamed);
        return 0;
    }

    /// <summary>Whether the body goes to the peer unbuffered (nginx's r->request_body_no_buffering): a sent request cannot go to another peer.</summary>
    public static bool IsStreamed(NginxRequest request) => request.Features.Get<StreamedClientBody>() is not null;

    /// <summary>The unbuffered body, for the upstream client that sends it as it comes.</summary>
    internal static StreamedClientBody? Streamed(NginxRequest request) => request.Features.Get<StreamedClientBody>();

    /// <summary>The status an unbuffered body's read failed with (400, 408, 413), else 0.</summary>
    public static int StreamFailure(NginxRequest request) => request.Features.Get<StreamedClientBody>()?.FailedStatus ?? 0;

    /// <summary>
    /// <c>$request_body</c> (ngx_http_variable_request_body): the body a handler read, when it is in memory —
    /// nginx keeps up to <c>client_body_buffer_size</c> there and writes a larger body to a temp file, where the
    /// variable is not found (nginx also keeps the part it read ahead with the request head, up to
    /// <c>client_header_buffer_size</c>, so a body up to about 1k longer stays in memory there: not followed here);
    /// so is a body that was never read (a <c>return</c> discards it) or an empty one.
    /// </summary>
    public static string? InMemory(NginxRequest request)
    {
        if (request.Features.Get<BodyText>() is { } kept) return kept.Value;
        var bytes = request.Features.Get<ClientBodyStore>() is { } store ? store.Memory
            : request.Features.Get<StreamedClientBody>() is { } streamed ? streamed.Kept
            : Given(request);
        if (bytes.IsEmpty) return null;
        var text = new BodyText(Core.ByteString.FromBytes(bytes.Span));
        request.Features.Set(text);
        return text.Value;
    }

    /// <summary>A subrequest's body, given by its parent (nginx's sr->request_body): in memory when it fits the buffer.</summary>
    private static ReadOnlyMemory<byte> Given(NginxRequest request)
    {
        if (request.Features.Get<BodyRead>() is not { Bytes: > 0 } read || read.Bytes > request.Location.Core.ClientBodyBufferSize) return ReadOnlyMemory<byte>.Empty;
        if (request.Http.Request.Body is not MemoryStream { CanSeek: true } given) return ReadOnlyMemory<byte>.Empty;
        return given.TryGetBuffer(out var segment) ? segment.AsMemory()[..(int)Math.Min(read.Bytes, segment.Count)] : given.ToArray();
    }

    /// <summary><c>$request_body_file</c>: the temp file a buffered body went to.</summary>
    public static string? FileName(NginxRequest request) => request.Features.Get<ClientBodyStore>()?.FileName;

    /// <summary>
    /// The body <see cref="ReadAsync"/> kept, as bytes for a module that inspects it (naxsi reads
    /// the body through nginx's own reader too): the kept memory itself, or the temp file read.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>> BytesAsync(NginxRequest request) =>
        request.Features.Get<ClientBodyStore>() is { Length: > 0 } store
            ? await store.BytesAsync(request.Http.RequestAborted)
            : ReadOnlyMemory<byte>.Empty;
}

/// <summary>The body as <c>$request_body</c> gives it, kept once read.</summary>
internal sealed record BodyText(string? Value);

/// <summary>The body bytes <see cref="RequestBody"/> read (nginx counts them in <c>$request_length</c>; a discarded body it does not).</summary>
public sealed record BodyRead(long Bytes);
