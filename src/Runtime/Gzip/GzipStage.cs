using System.Buffers;
using System.IO.Compression;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Gzip;

/// <summary>
/// The gzip filter's body stage (ngx_http_gzip_body_filter): zlib through <see cref="GZipStream"/>, writing
/// the gzip header, the deflate stream and the CRC/length trailer into the next stage a full
/// <c>gzip_buffers</c> buffer at a time (<see cref="OutputBuffer"/>), as nginx passes its output buffers on.
/// A flush is zlib's Z_SYNC_FLUSH, as nginx's on a buffer with the flush flag, and passes the partly filled
/// buffer on, so a streamed response is compressed as it flows; the trailer goes out when the response ends,
/// with the rest (a small response is one write: one chunk, as nginx's). Counts what went in and out for <c>$gzip_ratio</c>.
/// </summary>
public sealed class GzipStage : WriteOnlyStream
{
    private readonly CountingStream _out;
    private readonly OutputBuffer _buffer;
    private readonly GZipStream _zlib;
    private readonly GzipRatio _ratio;
    private readonly int _level;

    public GzipStage(Stream next, int level, int bufferSize, GzipRatio ratio)
    {
        _out = new CountingStream(next);
        _buffer = new OutputBuffer(_out, bufferSize);
        _zlib = new GZipStream(_buffer, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
        _ratio = ratio;
        _level = level;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _zlib.FlushAsync(cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _ratio.In += buffer.Length;
        return _zlib.WriteAsync(buffer, cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await _zlib.DisposeAsync();
        // .NET's deflater writes nothing for no input; zlib (nginx's) writes an empty member: header, an empty final block, trailer
        if (_ratio.In == 0) await _buffer.WriteAsync(EmptyMember(_level));
        await _buffer.PassOnAsync(CancellationToken.None);
        _buffer.Release();
        _ratio.Out = _out.Written;
        await base.DisposeAsync();
    }

    /// <summary>zlib's gzip member of no data at <paramref name="level"/> (deflate.c: XFL 2 at level 9, 4 below 2; OS 3, unix).</summary>
    private static byte[] EmptyMember(int level) =>
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, (byte)(level == 9 ? 2 : level < 2 ? 4 : 0), 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>
    /// One of nginx's gzip output buffers (ngx_http_gzip_filter_get_buf): zlib's output fills it and goes to the
    /// next stage when full; a flush, or the end, passes on what it holds.
    /// </summary>
    private sealed class OutputBuffer(Stream next, int size) : WriteOnlyStream
    {
        private byte[]? _bytes;
        private int _filled;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (buffer.Length > 0)
            {
                _bytes ??= ArrayPool<byte>.Shared.Rent(size);
                var n = Math.Min(buffer.Length, size - _filled);
                buffer[..n].CopyTo(_bytes.AsMemory(_filled));
                _filled += n;
                buffer = buffer[n..];
                if (_filled == size) await PassOnAsync(cancellationToken);
            }
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await PassOnAsync(cancellationToken);
            await next.FlushAsync(cancellationToken);
        }

        public async ValueTask PassOnAsync(CancellationToken cancellationToken)
        {
            if (_filled == 0) return;
            var filled = _filled;
            _filled = 0;
            await next.WriteAsync(_bytes.AsMemory(0, filled), cancellationToken);
        }

        public void Release()
        {
            if (_bytes is not null) ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = null;
        }
    }
}

/// <summary>The bytes a gzip stage took and gave (ctx->zin, ctx->zout), for <c>$gzip_ratio</c>.</summary>
public sealed class GzipRatio
{
    public long In { get; set; }
    public long Out { get; set; }

    /// <summary>ngx_http_gzip_ratio_variable: in/out with two decimals, rounded half up; null before the stage ended.</summary>
    public string? Text()
    {
        if (Out == 0) return null;
        var whole = In / Out;
        var fraction = In * 100 / Out % 100;
        if (In * 1000 / Out % 10 > 4 && ++fraction > 99)
        {
            whole++;
            fraction = 0;
        }
        return $"{whole}.{fraction:D2}";
    }
}
