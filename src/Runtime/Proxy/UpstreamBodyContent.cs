namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// The peer's response body as YARP copies it to the client, telling when the upstream response is complete
/// (nginx's <c>upstream_done</c>: the Content-Length read, or the end of a chunked or close-delimited body).
/// It tells on the read that completes it, before those bytes are handed on: nginx frees the peer then
/// (ngx_http_upstream_finalize_request), before the client has the last byte.
/// </summary>
internal sealed class UpstreamBodyContent(HttpContent inner, Action complete) : Upstream.WrappingContent(inner)
{
    protected override Stream Wrap(Stream body) => new CompletionStream(body, Inner.Headers.ContentLength, complete);

    /// <summary>Counts what is read; the read reaching the announced length, or the end of the stream, completes the body once.</summary>
    private sealed class CompletionStream(Stream inner, long? length, Action complete) : Upstream.WatchedStream(inner)
    {
        private long _read;
        private bool _completed;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await Inner.ReadAsync(buffer, cancellationToken), buffer.Length);

        private int Count(int read, int asked)
        {
            _read += read;
            if (!_completed && ((read == 0 && asked > 0) || (length is { } total && _read >= total)))
            {
                _completed = true;
                complete();
            }
            return read;
        }
    }
}
