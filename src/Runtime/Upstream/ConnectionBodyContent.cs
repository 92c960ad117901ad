namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// A response body read once off a peer's connection (HTTP, FastCGI, SCGI, uwsgi, memcached): the stream comes from
/// <see cref="Open"/>; its length is never known ahead (the forwarder frames what it reads).
/// </summary>
public abstract class ConnectionBodyContent : StreamedBodyContent
{
    private Stream? _stream;

    /// <summary>The stream that reads the body off the connection (made once).</summary>
    protected abstract Stream Open();

    /// <summary>Disposed without its stream ever being read.</summary>
    protected abstract void Abandon();

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(_stream ??= Open());

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_stream is null) Abandon();
            else _stream.Dispose();
        }
        base.Dispose(disposing);
    }
}
