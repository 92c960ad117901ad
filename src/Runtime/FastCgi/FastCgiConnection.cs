using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace ProxyServer.Runtime.FastCgi;

/// <summary>
/// One connection to a FastCGI peer (TCP or a unix socket): the request goes out as records, the answer is
/// read through a <see cref="PipeReader"/>. It serves one request at a time; kept (fastcgi_keep_conn with an
/// upstream <c>keepalive</c>) it goes back to <see cref="Upstream.KeptConnections{T}"/> once its END_REQUEST was read
/// with nothing after it.
/// </summary>
public sealed class FastCgiConnection : Upstream.IKeptConnection
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private FastCgiConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Reader = PipeReader.Create(_stream, Upstream.PeerSocket.ReaderOptions);
        Opened = Stopwatch.GetTimestamp();
    }

    public PipeReader Reader { get; }

    /// <summary>When it was opened (<c>keepalive_time</c> counts from here).</summary>
    public long Opened { get; }

    /// <summary>When it was last given back to the pool (<c>keepalive_timeout</c> counts from here).</summary>
    public long IdleSince { get; set; }

    /// <summary>Connects within <paramref name="timeout"/>; a timeout throws <see cref="TimeoutException"/> (nginx's "upstream timed out ... while connecting").</summary>
    public static async Task<FastCgiConnection> OpenAsync(EndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        new(await Cgi.CgiSocket.ConnectAsync(endPoint, timeout, cancellationToken));

    public int Requests { get; private set; }

    public bool IsReusable => Upstream.PeerSocket.IsQuiet(_socket);

    /// <summary>Whether bytes the peer sent are waiting unread (nginx keeps no connection with data after END_REQUEST).</summary>
    public bool HasUnreadData()
    {
        if (!Reader.TryRead(out var result)) return _socket.Available > 0;
        var unread = result.Buffer.Length > 0 || result.IsCompleted;
        Reader.AdvanceTo(result.Buffer.Start);
        return unread || _socket.Available > 0;
    }

    /// <summary>
    /// Writes the request: BEGIN_REQUEST and the params, then the body as STDIN records, then the closing empty
    /// STDIN; gathered into writes of up to 64 KB, so a small request leaves in one write as nginx's writev sends it
    /// (a peer that reads its request in one recv, as the suite's test daemons do, sees all of it).
    /// </summary>
    public async Task WriteRequestAsync(IReadOnlyList<KeyValuePair<string, string>> parameters, bool keepConn, HttpContent? body, CancellationToken cancellationToken)
    {
        Requests++;
        var pending = new ArrayBufferWriter<byte>(4096);
        FastCgiRecords.WriteBeginAndParams(pending, parameters, keepConn);
        if (body is not null)
        {
            await using var stdin = new StdinStream(_stream, pending);
            await body.CopyToAsync(stdin, cancellationToken);
            await stdin.FlushAsync(cancellationToken);
        }
        FastCgiRecords.WriteHeader(pending, FastCgiRecordType.Stdin, 0, 0);
        await _stream.WriteAsync(pending.WrittenMemory, cancellationToken);
    }

    public void Dispose()
    {
        Reader.Complete();
        _stream.Dispose();
    }

    /// <summary>
    /// The request body as STDIN records of at most 32 KB (nginx's cut), each padded to 8 bytes, appended to
    /// <paramref name="pending"/>, which goes out once it holds 64 KB.
    /// </summary>
    private sealed class StdinStream(Stream inner, ArrayBufferWriter<byte> pending) : Http.WriteOnlyStream
    {
        private const int SendAt = 64 * 1024;

        private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(FastCgiRecords.StdinChunk);
        private int _filled;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            while (source.Length > 0)
            {
                var take = Math.Min(source.Length, FastCgiRecords.StdinChunk - _filled);
                source.Span[..take].CopyTo(_buffer.AsSpan(_filled));
                _filled += take;
                source = source[take..];
                if (_filled == FastCgiRecords.StdinChunk) await FlushAsync(cancellationToken);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        /// <summary>Closes the record being filled; sends what is pending once it is large.</summary>
        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_filled > 0)
            {
                FastCgiRecords.WriteContent(pending, FastCgiRecordType.Stdin, _buffer.AsSpan(0, _filled));
                _filled = 0;
            }
            if (pending.WrittenCount >= SendAt)
            {
                await inner.WriteAsync(pending.WrittenMemory, cancellationToken);
                pending.ResetWrittenCount();
            }
        }

        public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

        protected override void Dispose(bool disposing)
        {
            if (disposing) ArrayPool<byte>.Shared.Return(_buffer);
            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync()
        {
            Dispose(true);
            return ValueTask.CompletedTask;
        }

    }
}
