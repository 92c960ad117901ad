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

/// <summary>The read side of a body stream; writing and seeking are not supported.</summary>
public abstract class CgiBodyStream : Stream
{
    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
