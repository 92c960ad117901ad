using System.Net;

namespace ProxyServer.Runtime.Cgi;

/// <summary>A response body read once from a CGI peer's connection: the stream comes from <see cref="Open"/>; its length is never known ahead.</summary>
public abstract class CgiBodyContent : HttpContent
{
    private Stream? _stream;

    /// <summary>The stream that reads the body off the connection (made once).</summary>
    protected abstract Stream Open();

    /// <summary>Disposed without its stream ever being read.</summary>
    protected abstract void Abandon();

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(_stream ??= Open());

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var body = await CreateContentReadStreamAsync();
        await body.CopyToAsync(stream);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

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
