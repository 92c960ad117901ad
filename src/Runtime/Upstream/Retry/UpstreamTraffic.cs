namespace ProxyServer.Runtime.Upstream.Retry;

/// <summary>
/// Counts the bytes of each upstream attempt on its peer connection (<c>$upstream_bytes_sent</c>,
/// <c>$upstream_bytes_received</c>, what nginx adds up in <c>u->state->bytes_sent</c>/<c>bytes_received</c>).
/// .NET's pooled HTTP client does not say which connection serves a request, but an HTTP/1.x connection
/// reads and writes in the flow of the request it serves: the attempt is the flow's <see cref="Current"/>
/// (set by the attempt loop before it forwards), and the connection's stream adds to it.
/// </summary>
public static class UpstreamTraffic
{
    /// <summary>The attempt the current async flow forwards (flow-local, not shared between requests).</summary>
    public static readonly AsyncLocal<UpstreamAttempt?> Current = new();

    /// <summary>
    /// Wraps a new peer connection's stream so that its traffic counts for the attempt using it, and, when
    /// <paramref name="readsHeads"/> (the bytes are HTTP, not yet TLS records), its response heads are read
    /// by the attempt's <see cref="UpstreamAttempt.Head"/>.
    /// </summary>
    public static Stream Count(Stream connection, bool readsHeads) => new CountingConnection(connection, counts: true, readsHeads);

    /// <summary>Wraps a TLS connection's decrypted stream so that its response heads are read by the attempt's <see cref="UpstreamAttempt.Head"/>.</summary>
    public static Stream ReadHeads(Stream decrypted) => new CountingConnection(decrypted, counts: false, readsHeads: true);

    private sealed class CountingConnection(Stream inner, bool counts, bool readsHeads) : Stream
    {
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Received(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Received(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Sent(count);
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Sent(buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();

        private int Received(ReadOnlySpan<byte> data)
        {
            if (data.Length > 0 && Current.Value is { } attempt)
            {
                if (counts) Interlocked.Add(ref attempt.BytesReceived, data.Length);
                if (readsHeads && !attempt.Head.Done) attempt.Head.Read(data);
            }
            return data.Length;
        }

        private void Sent(int count)
        {
            if (counts && Current.Value is { } attempt) Interlocked.Add(ref attempt.BytesSent, count);
        }
    }
}
