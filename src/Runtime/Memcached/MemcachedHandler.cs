using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Memcached;

/// <summary>
/// The memcached text protocol as nginx speaks it: <c>get KEY</c> on a new connection
/// (ngx_http_memcached_create_request), the answer's first line read as ngx_http_memcached_process_header (a
/// <c>VALUE key flags length</c> line is a 200 of that length, <c>END</c> a 404), then exactly the value's
/// bytes, its trailer <c>\r\nEND\r\n</c> checked as ngx_http_memcached_filter checks it; anything after is ignored.
/// </summary>
public sealed class MemcachedHandler : HttpMessageHandler
{
    /// <summary>nginx's <c>ngx_http_memcached_end</c>: what follows a value.</summary>
    private static ReadOnlySpan<byte> End => "\r\nEND\r\n"u8;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var exchange = CgiExchange.Of<MemcachedExchange>(request);
        return await CgiSocket.ExchangeAsync(exchange, async (stream, reader) =>
        {
            await stream.WriteAsync(ByteString.ToBytes("get " + exchange.MemcachedKey + "\r\n"), cancellationToken);
            return await ReadHeadAsync(reader, stream, exchange, cancellationToken);
        }, cancellationToken);
    }

    private static async Task<HttpResponseMessage> ReadHeadAsync(PipeReader reader, Stream stream, MemcachedExchange exchange, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } lf)
            {
                var (found, length, gzipped) = Parse(buffer.Slice(0, lf).ToArray(), exchange);
                var withHead = buffer.Slice(buffer.GetPosition(1, lf)).Length;
                reader.AdvanceTo(buffer.GetPosition(1, lf));
                if (!found)
                {
                    await reader.CompleteAsync();
                    await stream.DisposeAsync();
                    return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent([]) };
                }
                var content = new ValueContent(reader, stream, exchange, length, withHead);
                content.Headers.ContentLength = length;
                if (MediaTypeHeaderValue.TryParse(exchange.ContentType, out var type)) content.Headers.ContentType = type;
                if (gzipped) content.Headers.ContentEncoding.Add("gzip");
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
            }
            if (buffer.Length >= exchange.Settings.BufferSize) throw new UpstreamResponseException("upstream sent too big header");
            if (result.IsCompleted) throw new UpstreamResponseException("upstream prematurely closed connection", UpstreamFailure.Error);
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// ngx_http_memcached_process_header on the first line (its LF not included): a value of that length (gzipped when its
    /// flags have <c>memcached_gzip_flag</c>), or not found; else the invalid-header exception with nginx's text.
    /// </summary>
    private static (bool Found, long Length, bool Gzipped) Parse(byte[] bytes, MemcachedExchange exchange)
    {
        if (bytes.Length == 0 || bytes[^1] != '\r') throw Invalid(bytes);
        var line = ByteString.FromBytes(bytes.AsSpan(0, bytes.Length - 1));
        var key = exchange.MemcachedKey;
        if (line.StartsWith("VALUE ", StringComparison.Ordinal))
        {
            var p = "VALUE ".Length;
            if (string.CompareOrdinal(line, p, key, 0, key.Length) != 0 || line.Length - p < key.Length)
                throw new UpstreamResponseException($"memcached sent invalid key in response \"{line}\" for key \"{key}\"");
            p += key.Length;
            if (p >= line.Length || line[p++] != ' ') throw Invalid(bytes);
            var space = line.IndexOf(' ', p);
            if (space < 0) throw Invalid(bytes);
            var gzipped = false;
            if (exchange.GzipFlag != 0)
            {
                if (!TryDigits(line.AsSpan(p, space - p), out var flags))
                    throw new UpstreamResponseException($"memcached sent invalid flags in response \"{line}\" for key \"{key}\"");
                gzipped = (flags & exchange.GzipFlag) != 0;
            }
            if (!TryDigits(line.AsSpan(space + 1), out var length))
                throw new UpstreamResponseException($"memcached sent invalid length in response \"{line}\" for key \"{key}\"");
            return (true, length, gzipped);
        }
        if (line == "END")
        {
            exchange.Log(LogLevel.Info, $"key: \"{key}\" was not found by memcached", headerRead: false);
            return (false, 0, false);
        }
        throw Invalid(bytes);
    }

    /// <summary>"memcached sent invalid response" with the line as nginx prints it (its CR dropped when it ends in one).</summary>
    private static UpstreamResponseException Invalid(byte[] bytes)
    {
        var text = bytes.Length > 0 && bytes[^1] == '\r' ? bytes.AsSpan(0, bytes.Length - 1) : bytes.AsSpan();
        return new UpstreamResponseException($"memcached sent invalid response: \"{ByteString.FromBytes(text)}\"");
    }

    /// <summary>ngx_atoi / ngx_atoof: digits only, at least one, no overflow.</summary>
    private static bool TryDigits(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.Length == 0) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) || value > (long.MaxValue - (c - '0')) / 10) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>The value's bytes as they arrive (nginx's memcached module never buffers), the connection closed after its trailer.</summary>
    /// <param name="withHead">How many bytes after the VALUE line came with it (nginx's header buffer: what it filters while still
    /// "reading response header from upstream").</param>
    private sealed class ValueContent(PipeReader reader, Stream connection, MemcachedExchange exchange, long length, long withHead) : Upstream.ConnectionBodyContent
    {
        protected override Stream Open() => new ValueStream(reader, connection, exchange, length, withHead);

        protected override void Abandon()
        {
            reader.Complete();
            connection.Dispose();
        }
    }

    private sealed class ValueStream(PipeReader reader, Stream connection, MemcachedExchange exchange, long length, long withHead) : Http.ReadOnlyStream
    {
        private readonly long _length = length;
        private long _rest = length;
        /// <summary>The trailer has been judged (checked, or found wrong and logged): nothing more is read.</summary>
        private bool _ended;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.Length == 0) return 0;
            while (_rest == 0 && !_ended)
            {
                var more = await ReadMoreAsync(cancellationToken);
                _ended = JudgeTrailer(more.Buffer, more.IsCompleted);
                if (!_ended) reader.AdvanceTo(more.Buffer.Start, more.Buffer.End);
            }
            if (_rest == 0) return 0;
            var result = await ReadMoreAsync(cancellationToken);
            var available = result.Buffer;
            if (available.IsEmpty && result.IsCompleted)
            {
                reader.AdvanceTo(available.End);
                exchange.LogError("upstream prematurely closed connection", headerRead: true);
                throw new IOException("upstream prematurely closed connection");
            }
            var take = (int)Math.Min(Math.Min(available.Length, buffer.Length), _rest);
            available.Slice(0, take).CopyTo(buffer.Span);
            _rest -= take;
            // the trailer usually came with the value's last bytes: judged now, before the client has them all and may go
            if (_rest == 0 && JudgeTrailer(available.Slice(take), result.IsCompleted))
            {
                _ended = true;
                reader.AdvanceTo(available.End);
            }
            else
            {
                reader.AdvanceTo(available.GetPosition(take));
            }
            return take;
        }

        /// <summary>
        /// ngx_http_memcached_filter's trailer check on what follows the value: true once it is judged (all of
        /// <c>\r\nEND\r\n</c> there, or a byte of it wrong: "memcached sent invalid trailer", or the peer closed
        /// before it), false while more bytes are needed. What comes after it is ignored.
        /// </summary>
        private bool JudgeTrailer(ReadOnlySequence<byte> after, bool completed)
        {
            var have = (int)Math.Min(after.Length, End.Length);
            Span<byte> bytes = stackalloc byte[End.Length];
            after.Slice(0, have).CopyTo(bytes);
            if (!End[..have].SequenceEqual(bytes[..have]))
            {
                exchange.LogError("memcached sent invalid trailer", headerRead: _length + have > withHead);
                return true;
            }
            if (have == End.Length) return true;
            if (!completed) return false;
            exchange.LogError("upstream prematurely closed connection", headerRead: true);
            return true;
        }

        private async ValueTask<ReadResult> ReadMoreAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await reader.ReadAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                exchange.LogError("upstream prematurely closed connection", headerRead: true);
                throw;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                reader.Complete();
                connection.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
