using System.IO.Compression;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Gzip;

/// <summary>
/// The gzip filter's body stage (ngx_http_gzip_body_filter): zlib through <see cref="GZipStream"/>, writing
/// the gzip header, the deflate stream and the CRC/length trailer into the next stage. A flush is zlib's
/// Z_SYNC_FLUSH, as nginx's on a buffer with the flush flag, so a streamed response is compressed as it
/// flows; the trailer goes out when the response ends. Counts what went in and out for <c>$gzip_ratio</c>.
/// </summary>
public sealed class GzipStage : WriteOnlyStream
{
    private readonly CountingStream _out;
    private readonly GZipStream _zlib;
    private readonly GzipRatio _ratio;

    public GzipStage(Stream next, int level, GzipRatio ratio)
    {
        _out = new CountingStream(next);
        _zlib = new GZipStream(_out, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
        _ratio = ratio;
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
        _ratio.Out = _out.Written;
        await base.DisposeAsync();
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
