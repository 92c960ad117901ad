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
    private sealed class FeedStream : Stream
    {
        private readonly Queue<byte[]> _chunks = new();
        private int _offset;

        public void Add(byte[] chunk) => _chunks.Enqueue(chunk);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (!_chunks.TryPeek(out var chunk)) return 0;
            var length = Math.Min(count, chunk.Length - _offset);
            Array.Copy(chunk, _offset, buffer, offset, length);
            _offset += length;
            if (_offset == chunk.Length)
            {
                _chunks.Dequeue();
                _offset = 0;
            }
            return length;
        }
    }
}
