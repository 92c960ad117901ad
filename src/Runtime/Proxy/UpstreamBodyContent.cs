namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// The peer's response body as YARP copies it to the client, telling when the upstream response is complete
/// (nginx's <c>upstream_done</c>: the Content-Length read, or the end of a chunked or close-delimited body).
/// It tells on the read that completes it, before those bytes are handed on: nginx frees the peer then
/// (ngx_http_upstream_finalize_request), before the client has the last byte. A peer that closes before its
/// body is complete (ngx_http_upstream_process_request's "upstream prematurely closed connection") ends the body
/// there, once <paramref name="cutShort"/> was told: what arrived goes to the client, then its connection closes.
/// </summary>
internal sealed class UpstreamBodyContent(HttpContent inner, Action complete, Func<ValueTask> cutShort) : Upstream.WrappingContent(inner)
{
    protected override Stream Wrap(Stream body) => new CompletionStream(body, Inner.Headers.ContentLength, complete, cutShort);

    /// <summary>Counts what is read; the read reaching the announced length, or the end of the stream, completes the body once.</summary>
    private sealed class CompletionStream(Stream inner, long? length, Action complete, Func<ValueTask> cutShort) : Upstream.WatchedStream(inner)
    {
        private long _read;
        private bool _completed;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return Count(await Inner.ReadAsync(buffer, cancellationToken), buffer.Length);
            }
            catch (Exception e) when (!_completed && !cancellationToken.IsCancellationRequested && e is IOException or HttpRequestException)
            {
                _completed = true;
                await cutShort();
                return 0;
            }
        }

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
