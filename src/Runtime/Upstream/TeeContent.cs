namespace ProxyServer.Runtime.Upstream;

/// <summary>Where a <see cref="TeeContent"/> copies an upstream body: a cache entry, a proxy_store file.</summary>
public interface IUpstreamBodyCopy
{
    /// <summary>A block the forwarder read (and hands on to the client).</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> block);

    /// <summary>The body's stream ended (whether it ended whole is the copy's to judge).</summary>
    ValueTask CompleteAsync();

    /// <summary>The body did not end (the peer failed, the forwarder stopped reading): nothing is kept. A no-op once complete.</summary>
    void Abort();
}

/// <summary>The upstream body as the forwarder reads it, each block also given to a copy (the client is never kept waiting for the copy's whole body).</summary>
public sealed class TeeContent(HttpContent inner, IUpstreamBodyCopy copy) : WrappingContent(inner)
{
    protected override Stream Wrap(Stream body) => new TeeStream(body, copy);

    protected override void Dispose(bool disposing)
    {
        if (disposing) copy.Abort();
        base.Dispose(disposing);
    }

    private sealed class TeeStream(Stream inner, IUpstreamBodyCopy copy) : WatchedStream(inner)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read;
            try
            {
                read = await Inner.ReadAsync(buffer, cancellationToken);
            }
            catch
            {
                copy.Abort();
                throw;
            }
            if (read == 0 && buffer.Length > 0) await copy.CompleteAsync();
            else await copy.WriteAsync(buffer[..read]);
            return read;
        }
    }
}
