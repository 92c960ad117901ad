using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Headers;

/// <summary>
/// The last stage of the body filter chain when a response carries <c>add_trailer</c>s: ngx_http_trailers_filter
/// evaluates them, in order, when the last byte has passed (so <c>$msec</c>, <c>$upstream_response_length</c> and
/// <c>$sent_trailer_NAME</c> of an earlier trailer are the final ones; an empty value adds nothing) into the
/// response's trailers. On HTTP/2 Kestrel sends those as the closing HEADERS frame. On HTTP/1.1 this stage frames
/// the body itself as ngx_http_chunked_body_filter does (the response says <c>Transfer-Encoding: chunked</c>, so
/// Kestrel passes the bytes as they are): each write is one chunk, and the end is the last chunk with
/// ngx_http_chunked_create_trailers' lines.
/// </summary>
public sealed class TrailersStage : WriteOnlyStream
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    private readonly NginxRequest _request;
    private readonly IReadOnlyList<AddedHeader> _trailers;
    private readonly bool _safeStatus;
    private readonly bool _chunked;
    private readonly Stream _next;
    private readonly IHeaderDictionary _sent;
    private bool _ended;

    public TrailersStage(NginxRequest request, IReadOnlyList<AddedHeader> trailers, bool safeStatus, bool chunked, Stream next)
    {
        _request = request;
        _trailers = trailers;
        _safeStatus = safeStatus;
        _chunked = chunked;
        _next = next;
        // Kestrel keeps trailers for HTTP/2 and HTTP/3; for HTTP/1.1 they are kept here, where $sent_trailer_NAME reads them too.
        var features = request.Http.Features;
        if (features.Get<IHttpResponseTrailersFeature>() is { Trailers: { IsReadOnly: false } kept })
        {
            _sent = kept;
        }
        else
        {
            var own = new KeptTrailers();
            features.Set<IHttpResponseTrailersFeature>(own);
            _sent = own.Trailers;
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _next.FlushAsync(cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_chunked)
        {
            await _next.WriteAsync(buffer, cancellationToken);
            return;
        }
        if (buffer.IsEmpty) return;
        // "SIZE CRLF data CRLF" in one write: each write to Kestrel's body is a flush.
        var sizeLine = buffer.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n";
        var length = sizeLine.Length + buffer.Length + 2;
        var chunk = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var at = Encoding.ASCII.GetBytes(sizeLine, chunk);
            buffer.Span.CopyTo(chunk.AsSpan(at));
            Crlf.CopyTo(chunk, at + buffer.Length);
            await _next.WriteAsync(chunk.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            _ended = true;
            foreach (var trailer in _trailers)
            {
                if (!_safeStatus && !trailer.Always) continue;
                if (trailer.Evaluate(_request) is { Length: > 0 } value) _sent.Append(trailer.Name, value);
            }
            if (_chunked) await _next.WriteAsync(LastChunk());
        }
        await base.DisposeAsync();
    }

    /// <summary>"0" CRLF, a "NAME: value" CRLF line per trailer, CRLF.</summary>
    private byte[] LastChunk()
    {
        var text = new StringBuilder("0\r\n");
        foreach (var (name, values) in _sent)
            foreach (var value in values)
                text.Append(name).Append(": ").Append(value).Append("\r\n");
        text.Append("\r\n");
        return ByteString.ToBytes(text.ToString());
    }

    private sealed class KeptTrailers : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }
}
