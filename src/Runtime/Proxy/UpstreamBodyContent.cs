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
    private sealed class CompletionStream(Stream inner, long? length, Action complete) : Stream
    {
        private long _read;
        private bool _completed;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken), buffer.Length);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count), count);

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

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
