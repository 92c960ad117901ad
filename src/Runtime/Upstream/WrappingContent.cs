namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// An upstream response body seen through a stream of its own as the forwarder reads it (the proxy's
/// completion watch, the cache's tee): the inner content's headers, its stream wrapped by <see cref="Wrap"/>.
/// </summary>
public abstract class WrappingContent : StreamedBodyContent
{
    protected WrappingContent(HttpContent inner)
    {
        Inner = inner;
        // YARP has copied them to the client's response already; kept for whatever reads them after.
        foreach (var header in inner.Headers.NonValidated) Headers.TryAddWithoutValidation(header.Key, header.Value);
    }

    protected HttpContent Inner { get; }

    /// <summary>The stream the forwarder reads, around the inner content's.</summary>
    protected abstract Stream Wrap(Stream body);

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        Wrap(await Inner.ReadAsStreamAsync(cancellationToken));

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override void Dispose(bool disposing)
    {
        if (disposing) Inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A read-only stream over an upstream body that sees every read (subclasses override <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>).</summary>
public abstract class WatchedStream(Stream inner) : Http.ReadOnlyStream
{
    protected Stream Inner => inner;

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
