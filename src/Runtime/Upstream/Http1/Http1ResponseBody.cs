using System.Buffers;
using System.IO.Pipelines;

namespace ProxyServer.Runtime.Upstream.Http1;

/// <summary>How a response's body is delimited (ngx_http_proxy_input_filter_init).</summary>
public enum Http1Framing
{
    /// <summary>No body: a HEAD, a 204 or 304, or a length of 0.</summary>
    None,
    /// <summary><c>Content-Length</c> bytes.</summary>
    Length,
    /// <summary><c>Transfer-Encoding: chunked</c>.</summary>
    Chunked,
    /// <summary>Until the peer closes (the connection is not kept).</summary>
    Close,
    /// <summary>A 101: the connection becomes a tunnel both ways, handed to YARP as a read-write stream.</summary>
    Upgrade,
}

/// <summary>
/// A peer's response body as the forwarder reads it, straight from the connection: the framing read as nginx's
/// input filters read it, and <paramref name="done"/> told once, whether the connection may be kept (the body read
/// exactly to its end with nothing after it) or not (cut short, left unread, disposed early).
/// </summary>
public sealed class Http1ResponseContent(Http1Connection connection, Http1Framing framing, long length, Action<bool> done) : ConnectionBodyContent
{
    protected override Stream Open() => new Http1BodyStream(connection, framing, length, done);

    protected override void Abandon() => Open().Dispose();
}

/// <summary>The body's bytes off the connection's reader; for an upgrade, writes go to the peer too.</summary>
internal sealed class Http1BodyStream(Http1Connection connection, Http1Framing framing, long length, Action<bool> done) : Stream
{
    private readonly PipeReader _reader = connection.Reader;
    private long _remaining = framing == Http1Framing.Length ? length : 0;
    private bool _ended = framing == Http1Framing.None;
    private bool _released;
    private ChunkState _chunk = ChunkState.Size;

    private enum ChunkState { Size, Extension, SizeLf, Data, DataCr, DataLf, Trailer, TrailerLine, TrailerLf, End }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => framing == Http1Framing.Upgrade;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (_ended)
            {
                Release();
                return 0;
            }
            var result = await _reader.ReadAsync(cancellationToken);
            var data = result.Buffer;
            if (data.IsEmpty && result.IsCompleted)
            {
                if (framing is Http1Framing.Close or Http1Framing.Upgrade)
                {
                    _ended = true;
                    _reader.AdvanceTo(data.End);
                    continue;
                }
                Release(reusable: false);
                throw new IOException("upstream prematurely closed connection");
            }
            var copied = framing == Http1Framing.Chunked ? Dechunk(ref data, buffer.Span) : CopyPlain(ref data, buffer.Span);
            _reader.AdvanceTo(data.Start, data.End);
            if (copied > 0 || _ended)
            {
                if (_ended) Release();
                return copied;
            }
        }
    }

    /// <summary>A length-delimited or close-delimited body: as much as fits, never past the length.</summary>
    private int CopyPlain(ref ReadOnlySequence<byte> data, Span<byte> into)
    {
        var take = (int)Math.Min(data.Length, into.Length);
        if (framing == Http1Framing.Length) take = (int)Math.Min(take, _remaining);
        data.Slice(0, take).CopyTo(into);
        data = data.Slice(take);
        if (framing == Http1Framing.Length)
        {
            _remaining -= take;
            if (_remaining == 0) _ended = true;
        }
        return take;
    }

    /// <summary>
    /// ngx_http_parse_chunked: hex sizes (an extension after ';' skipped), each chunk's data and CRLF, the last
    /// chunk, trailer lines up to the empty one. Anything else is nginx's "upstream sent invalid chunked response".
    /// </summary>
    private int Dechunk(ref ReadOnlySequence<byte> data, Span<byte> into)
    {
        var copied = 0;
        var reader = new SequenceReader<byte>(data);
        while (!reader.End && _chunk != ChunkState.End && copied < into.Length)
        {
            if (_chunk == ChunkState.Data)
            {
                var take = (int)Math.Min(Math.Min(reader.Remaining, into.Length - copied), _remaining);
                reader.UnreadSequence.Slice(0, take).CopyTo(into[copied..]);
                reader.Advance(take);
                copied += take;
                _remaining -= take;
                if (_remaining == 0) _chunk = ChunkState.DataCr;
                continue;
            }
            reader.TryRead(out var ch);
            switch (_chunk)
            {
                case ChunkState.Size:
                    if (HexValue(ch) is { } digit)
                    {
                        if (_remaining > (long.MaxValue >> 4)) throw Invalid();
                        _remaining = _remaining * 16 + digit;
                        _sizeDigits++;
                    }
                    else if (_sizeDigits == 0) throw Invalid();
                    else if (ch == ';' || ch == ' ' || ch == '\t') _chunk = ChunkState.Extension;
                    else if (ch == '\r') _chunk = ChunkState.SizeLf;
                    else if (ch == '\n') EndSize();
                    else throw Invalid();
                    break;
                case ChunkState.Extension:
                    if (ch == '\r') _chunk = ChunkState.SizeLf;
                    else if (ch == '\n') EndSize();
                    break;
                case ChunkState.SizeLf:
                    if (ch != '\n') throw Invalid();
                    EndSize();
                    break;
                case ChunkState.DataCr:
                    if (ch == '\r') _chunk = ChunkState.DataLf;
                    else if (ch == '\n') _chunk = ChunkState.Size;
                    else throw Invalid();
                    break;
                case ChunkState.DataLf:
                    if (ch != '\n') throw Invalid();
                    _chunk = ChunkState.Size;
                    break;
                case ChunkState.Trailer:
                    // the start of a trailer line: an empty one ends the body
                    if (ch == '\r') _chunk = ChunkState.TrailerLf;
                    else if (ch == '\n') _chunk = ChunkState.End;
                    else _chunk = ChunkState.TrailerLine;
                    break;
                case ChunkState.TrailerLine:
                    if (ch == '\n') _chunk = ChunkState.Trailer;
                    break;
                case ChunkState.TrailerLf:
                    if (ch != '\n') throw Invalid();
                    _chunk = ChunkState.End;
                    break;
            }
        }
        data = reader.UnreadSequence;
        if (_chunk == ChunkState.End) _ended = true;
        return copied;
    }

    private int _sizeDigits;

    private void EndSize()
    {
        _sizeDigits = 0;
        _chunk = _remaining == 0 ? ChunkState.Trailer : ChunkState.Data;
    }

    private static int? HexValue(byte ch) => ch switch
    {
        >= (byte)'0' and <= (byte)'9' => ch - '0',
        >= (byte)'a' and <= (byte)'f' => ch - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => ch - 'A' + 10,
        _ => null,
    };

    private IOException Invalid()
    {
        Release(reusable: false);
        return new IOException("upstream sent invalid chunked response");
    }

    /// <summary>
    /// The body ended: the connection may be kept when it was delimited and nothing came after it (nginx keeps no
    /// connection that sent more than the response, ngx_http_proxy_non_buffered_copy_filter).
    /// </summary>
    private void Release(bool reusable = true)
    {
        if (_released) return;
        _released = true;
        if (reusable && framing is Http1Framing.Close or Http1Framing.Upgrade) reusable = false;
        if (reusable && _reader.TryRead(out var rest))
        {
            reusable = rest.Buffer.IsEmpty && !rest.IsCompleted;
            _reader.AdvanceTo(rest.Buffer.Start);
        }
        done(reusable);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        framing == Http1Framing.Upgrade ? connection.Stream.WriteAsync(buffer, cancellationToken) : throw new NotSupportedException();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        framing == Http1Framing.Upgrade ? connection.Stream.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush() { }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // a body left before its end: the connection is not kept
        if (disposing) Release(reusable: _ended);
        base.Dispose(disposing);
    }
}
