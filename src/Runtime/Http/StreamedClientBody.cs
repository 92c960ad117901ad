using System.Buffers;
using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Logging;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// The client's body as it goes upstream unbuffered (<c>proxy_request_buffering off</c>:
/// ngx_http_read_unbuffered_request_body): each read of the client's connection is handed on as it comes, nothing
/// is kept for another peer. nginx's limits still hold per read: <c>client_body_timeout</c> between two reads, a
/// chunked body past <c>client_max_body_size</c>, malformed chunked encoding; the first failure is remembered as the
/// status nginx finalizes with (<see cref="FailedStatus"/>). A body that fits <c>client_body_buffer_size</c> is also
/// kept for <c>$request_body</c>, as it stays in nginx's one buffer.
/// </summary>
internal sealed class StreamedClientBody(Stream client, NginxRequest request, long? declared) : ReadOnlyStream
{
    private readonly long _keepLimit = request.Location.Core.ClientBodyBufferSize;
    /// <summary>
    /// The server's own reader of the body, taken before this stream replaces <c>Request.Body</c>: after that,
    /// <c>Request.BodyReader</c> is a pipe over this stream, which has nothing at hand until read.
    /// </summary>
    private readonly System.IO.Pipelines.PipeReader _serverReader = request.Http.Request.BodyReader;
    private readonly CancellationTokenSource _between = CancellationTokenSource.CreateLinkedTokenSource(request.Http.RequestAborted);
    private byte[]? _kept;
    private bool _overflowed;

    /// <summary>The bytes read from the client so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The status the request ends with when reading the client's body failed (400, 408, 413), else 0.</summary>
    public int FailedStatus { get; private set; }

    /// <summary>The whole body when it fit <c>client_body_buffer_size</c> and was read to its end, else empty.</summary>
    public ReadOnlyMemory<byte> Kept => _kept is not null && !_overflowed && Completed ? _kept.AsMemory(0, (int)BytesRead) : ReadOnlyMemory<byte>.Empty;

    /// <summary>The client's body was read to its end.</summary>
    public bool Completed { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var core = request.Location.Core;
        int read;
        try
        {
            _between.CancelAfter(core.ClientBodyTimeout);
            using var both = cancellationToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _between.Token)
                : null;
            read = await client.ReadAsync(buffer, both?.Token ?? _between.Token);
            // the forwarder waits for data with a read of nothing first: not the end of the body
            if (buffer.IsEmpty) return 0;
        }
        catch (OperationCanceledException) when (_between.IsCancellationRequested && !request.Http.RequestAborted.IsCancellationRequested)
        {
            FailedStatus = 408;
            throw;
        }
        catch (Exception rejected) when (rejected is BadHttpRequestException || RequestBody.IsChunkSizeOverflow(rejected))
        {
            FailedStatus = RequestBody.Rejected(request, rejected);
            throw;
        }
        if (read == 0)
        {
            if (Completed) return 0;
            Completed = true;
            request.Features.Set(new BodyRead(BytesRead));
            return 0;
        }
        if (declared is null && core.ClientMaxBodySize > 0 && BytesRead + read > core.ClientMaxBodySize)
        {
            request.LogError($"client intended to send too large chunked body: {BytesRead}+{read} bytes");
            request.BodyDiscarded = true;
            FailedStatus = 413;
            throw new IOException("client body too large");
        }
        Keep(buffer.Span[..read]);
        BytesRead += read;
        // the declared length read in full: the body is complete before the upstream's answer needs $request_body
        if (BytesRead == declared)
        {
            Completed = true;
            request.Features.Set(new BodyRead(BytesRead));
        }
        return read;
    }

    /// <summary>
    /// What Kestrel holds of the client's body that was not read yet: bytes waiting (the head, or the part just
    /// written, can wait for them to go out in one write, as nginx sends what it has read), or the end of the body
    /// (the client sent it all: the last part goes out with the body's end).
    /// </summary>
    public (bool Waiting, bool Ended) Peek()
    {
        var (waiting, whole, _) = PeekWhole();
        return (waiting, Completed || (whole && !waiting));
    }

    /// <summary>
    /// As <see cref="Peek"/>, and whether all the rest of the body is already there (<paramref name="whole"/>), or
    /// the status of a body Kestrel already refused (malformed chunked encoding: 400).
    /// </summary>
    public (bool Waiting, bool Whole, int Failed) PeekWhole()
    {
        if (Completed) return (false, true, 0);
        try
        {
            if (!_serverReader.TryRead(out var result)) return (false, false, 0);
            _serverReader.AdvanceTo(result.Buffer.Start);
            return (!result.Buffer.IsEmpty, result.IsCompleted, 0);
        }
        catch (Exception rejected) when (rejected is BadHttpRequestException || RequestBody.IsChunkSizeOverflow(rejected))
        {
            return (false, false, RequestBody.Rejected(request, rejected));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            return (false, false, 0);
        }
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_overflowed) return;
        if (BytesRead + bytes.Length > _keepLimit)
        {
            _overflowed = true;
            return;
        }
        if (_kept is null || _kept.Length < BytesRead + bytes.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_keepLimit, Math.Max(BytesRead + bytes.Length, 1024)));
            if (_kept is not null)
            {
                _kept.AsSpan(0, (int)BytesRead).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_kept);
            }
            _kept = bigger;
        }
        bytes.CopyTo(_kept.AsSpan((int)BytesRead));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _between.Dispose();
            if (_kept is not null) ArrayPool<byte>.Shared.Return(_kept);
            _kept = null;
        }
        base.Dispose(disposing);
    }
}
