using System.IO.Compression;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Gzip;

/// <summary>
/// The gunzip filter's body stage (ngx_http_gunzip_body_filter): each write is fed to zlib through
/// <see cref="GZipStream"/> reading from the bytes fed so far, and what it decodes goes to the next stage
/// at once. Bytes that are not gzip end the response as nginx does on an inflate() error: logged, the
/// connection closed, nothing more sent.
/// </summary>
public sealed class GunzipStage : WriteOnlyStream
{
    private readonly Stream _next;
    private readonly NginxRequest _request;
    private readonly FeedStream _feed = new();
    private readonly GZipStream _zlib;
    private readonly byte[] _buffer = new byte[16384];
    private bool _failed;

    public GunzipStage(Stream next, NginxRequest request)
    {
        _next = next;
        _request = request;
        _zlib = new GZipStream(_feed, CompressionMode.Decompress, leaveOpen: true);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _failed ? Task.CompletedTask : _next.FlushAsync(cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_failed || buffer.Length == 0) return;
        _feed.Add(buffer.ToArray());
        while (true)
        {
            int decoded;
            try
            {
                decoded = _zlib.Read(_buffer, 0, _buffer.Length);
            }
            catch (InvalidDataException e)
            {
                _failed = true;
                _request.LogError($"inflate() failed: {e.Message}");
                _request.Http.Abort();
                return;
            }
            if (decoded == 0) return;
            await _next.WriteAsync(_buffer.AsMemory(0, decoded), cancellationToken);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _zlib.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>The compressed bytes written so far, read by zlib; empty (not ended) until the next write.</summary>
    private sealed class FeedStream : Http.ReadOnlyStream
    {
        private readonly Queue<byte[]> _chunks = new();
        private int _offset;

        public void Add(byte[] chunk) => _chunks.Enqueue(chunk);

        /// <summary>Copies from the queued chunks at once: the bytes are already here, nothing is awaited.</summary>
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_chunks.TryPeek(out var chunk)) return ValueTask.FromResult(0);
            var length = Math.Min(buffer.Length, chunk.Length - _offset);
            chunk.AsMemory(_offset, length).CopyTo(buffer);
            _offset += length;
            if (_offset == chunk.Length)
            {
                _chunks.Dequeue();
                _offset = 0;
            }
            return ValueTask.FromResult(length);
        }
    }
}
