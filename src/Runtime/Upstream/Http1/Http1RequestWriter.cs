using System.Buffers;
using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;

namespace ProxyServer.Runtime.Upstream.Http1;

/// <summary>
/// Puts an upstream request on the wire as ngx_http_proxy_create_request lays it out: the request line, each header
/// line as it stands (one line per value, as the client sent them), the empty line, then the body, framed by the
/// length it has, else chunked (HTTP/1.1; an HTTP/1.0 body of unknown length is read whole first, as nginx buffers
/// it). A request with no content carries no <c>Content-Length</c> (.NET's client wrote <c>0</c> on a POST); a
/// length header kept without a body (<c>proxy_pass_request_body off</c>) goes as it is. The head and the first
/// part of the body leave in one write, as nginx's writev sends them.
/// </summary>
public static class Http1RequestWriter
{
    /// <summary>nginx's own header lines that come first, in this order, unless configured (ngx_http_proxy_headers).</summary>
    public static readonly string[] DefaultOrder = ["Host", "Connection", "Content-Length", "Transfer-Encoding"];

    /// <summary>The order of the header lines nginx writes itself (<c>ProxyHeaders.Order</c>); the client's follow.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyList<string>> HeaderOrderKey = new("proxyserver.upstream-header-order");

    /// <summary>A body piece this large is written on its own rather than copied after the head.</summary>
    private const int SendAt = 16 * 1024;

    /// <summary>Writes the head (into <paramref name="pending"/>) and the body; returns once all was sent.</summary>
    public static async Task WriteAsync(HttpRequestMessage request, Stream connection, ArrayBufferWriter<byte> pending, CancellationToken cancellationToken)
    {
        pending.ResetWrittenCount();
        var content = request.Content;
        long? length = null;
        var chunked = false;
        if (content is not null)
        {
            length = content.Headers.ContentLength;
            if (length is null && request.Version < System.Net.HttpVersion.Version11)
            {
                // nginx reads the whole body before an HTTP/1.0 request (proxy_request_buffering on) and sends its length
                await content.LoadIntoBufferAsync(cancellationToken);
                length = content.Headers.ContentLength;
            }
            chunked = length is null;
        }
        WriteHead(request, pending, content, length, chunked);
        if (content is not null && (length is not 0 || chunked))
        {
            await using var body = new BodyStream(connection, pending, chunked, length, sendsOnFlush: content is StreamedRequestContent);
            await content.CopyToAsync(body, cancellationToken);
            await body.EndAsync(cancellationToken);
        }
        if (pending.WrittenCount > 0) await connection.WriteAsync(pending.WrittenMemory, cancellationToken);
        pending.ResetWrittenCount();
    }

    private static void WriteHead(HttpRequestMessage request, ArrayBufferWriter<byte> head, HttpContent? content, long? length, bool chunked)
    {
        Ascii(head, request.Method.Method);
        Ascii(head, " ");
        Ascii(head, request.RequestUri!.PathAndQuery);
        Ascii(head, request.Version < System.Net.HttpVersion.Version11 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
        IReadOnlyList<string> order = request.Options.TryGetValue(HeaderOrderKey, out var configured) ? configured : DefaultOrder;
        foreach (var name in order)
        {
            if (Is(name, "Host"))
            {
                if (request.Headers.Host is { } host) Line(head, "Host", host);
            }
            else if (Is(name, "Content-Length"))
            {
                // the length of the body sent, or a length kept without one (proxy_pass_request_body off)
                if (length is { } known && !chunked) Line(head, "Content-Length", known.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (Is(name, "Transfer-Encoding"))
            {
                if (chunked) Line(head, "Transfer-Encoding", "chunked");
            }
            else if (request.Headers.NonValidated.TryGetValues(name, out var values)) Lines(head, name, values);
            else if (content is not null && content.Headers.NonValidated.TryGetValues(name, out var contentValues)) Lines(head, name, contentValues);
        }
        foreach (var header in request.Headers.NonValidated)
            if (!Written(order, header.Key)) Lines(head, header.Key, header.Value);
        if (content is not null)
            foreach (var header in content.Headers.NonValidated)
                if (!Written(order, header.Key)) Lines(head, header.Key, header.Value);
        Ascii(head, "\r\n");
    }

    /// <summary>Written in nginx's own part of the head (or framing, never copied).</summary>
    private static bool Written(IReadOnlyList<string> order, string name)
    {
        if (Is(name, "Host") || Is(name, "Content-Length") || Is(name, "Transfer-Encoding")) return true;
        foreach (var ordered in order)
            if (Is(ordered, name)) return true;
        return false;
    }

    private static void Lines(ArrayBufferWriter<byte> head, string name, HeaderStringValues values)
    {
        foreach (var value in values) Line(head, name, value);
    }

    private static bool Is(string name, string known) => string.Equals(name, known, StringComparison.OrdinalIgnoreCase);

    private static void Line(ArrayBufferWriter<byte> head, string name, string value)
    {
        Ascii(head, name);
        Ascii(head, ": ");
        Ascii(head, value);
        Ascii(head, "\r\n");
    }

    /// <summary>Header text goes out byte for byte as it came in (Latin-1, as Kestrel read it).</summary>
    private static void Ascii(ArrayBufferWriter<byte> head, string text)
    {
        var span = head.GetSpan(text.Length);
        var written = Encoding.Latin1.GetBytes(text, span);
        head.Advance(written);
    }

    /// <summary>
    /// The body appended after the head, in chunks when <paramref name="chunked"/>. A piece that completes a body of
    /// known length waits for the caller's one write (a small request leaves in one, as nginx's writev sends it: peers
    /// that read a request in one recv see all of it); any other goes out at once. An unbuffered body
    /// (<paramref name="sendsOnFlush"/>: <see cref="StreamedRequestContent"/> flushes only when the client has no more
    /// bytes at hand) is gathered (up to <see cref="SendAt"/>) until that flush, so what nginx would send in one writev
    /// leaves in one write: the head alone at once when no body came with it, a last chunk with the chunked end.
    /// YARP's flush before the first piece of a body read whole sends nothing: the head waits for the body.
    /// </summary>
    private sealed class BodyStream(Stream connection, ArrayBufferWriter<byte> pending, bool chunked, long? length, bool sendsOnFlush) : Http.WriteOnlyStream
    {
        private long _written;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            if (source.IsEmpty) return;
            _written += source.Length;
            if (chunked)
            {
                var size = pending.GetSpan(18);
                Utf8Formatter.TryFormat(source.Length, size, out var digits, new StandardFormat('x'));
                "\r\n"u8.CopyTo(size[digits..]);
                pending.Advance(digits + 2);
            }
            if (source.Length >= SendAt)
            {
                // a large piece goes straight after what is gathered, not copied
                if (pending.WrittenCount > 0) await connection.WriteAsync(pending.WrittenMemory, cancellationToken);
                pending.ResetWrittenCount();
                await connection.WriteAsync(source, cancellationToken);
            }
            else
            {
                pending.Write(source.Span);
            }
            if (chunked) pending.Write("\r\n"u8);
            // a piece that completes a known length waits for the caller's write; an unbuffered body's for the flush
            // that comes when the client has nothing more at hand, or for the last chunk once the client's body ended
            var complete = length is { } total && _written >= total;
            var held = complete || (sendsOnFlush && pending.WrittenCount < SendAt);
            if (!held && pending.WrittenCount > 0)
            {
                await connection.WriteAsync(pending.WrittenMemory, cancellationToken);
                pending.ResetWrittenCount();
            }
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (!sendsOnFlush || pending.WrittenCount == 0) return;
            await connection.WriteAsync(pending.WrittenMemory, cancellationToken);
            pending.ResetWrittenCount();
        }

        /// <summary>The last chunk of a chunked body; the rest is written by the caller.</summary>
        public Task EndAsync(CancellationToken cancellationToken)
        {
            if (chunked) pending.Write("0\r\n\r\n"u8);
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
