using System.Net;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// An unbuffered request body (<c>proxy_request_buffering off</c>) on its way to the peer: each part read from
/// the client is sent at once, as nginx's ngx_http_upstream_send_request writes each buffer it read
/// (ngx_http_read_unbuffered_request_body). The .NET client would keep small writes in its buffer until it fills.
/// The request head goes with the body bytes the client had already sent (one write in nginx), or alone and at
/// once when there are none, so the peer sees the head before the client sends the rest.
/// </summary>
internal sealed class StreamedRequestContent : HttpContent
{
    /// <summary>The client's unbuffered body, set on an upstream request whose content must be sent as it comes.</summary>
    public static readonly HttpRequestOptionsKey<StreamedClientBody> Key = new("proxyserver.streamed-body");

    private readonly HttpContent _inner;
    private readonly StreamedClientBody _body;

    private StreamedRequestContent(HttpContent inner, StreamedClientBody body)
    {
        (_inner, _body) = (inner, body);
        foreach (var header in inner.Headers.NonValidated) Headers.TryAddWithoutValidation(header.Key, header.Value);
    }

    /// <summary>Puts the flushing content around a request's own, when the request carries an unbuffered body.</summary>
    public static void Wrap(HttpRequestMessage request)
    {
        if (request.Content is { } content and not StreamedRequestContent && request.Options.TryGetValue(Key, out var body))
            request.Content = new StreamedRequestContent(content, body);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _inner.CopyToAsync(new FlushingStream(stream, _body), cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Flushes after each write unless more is waiting; the flush of the head alone is left out when body bytes are.</summary>
    private sealed class FlushingStream(Stream inner, StreamedClientBody body) : WriteOnlyStream
    {
        private bool _written;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _written = true;
            await inner.WriteAsync(buffer, cancellationToken);
            // more to come at once, or the end (sent with it by the client): one write with what follows
            var (waiting, ended) = body.Peek();
            if (!waiting && !ended) await inner.FlushAsync(cancellationToken);
        }

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            _written || !body.Peek().Waiting ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;
    }
}
