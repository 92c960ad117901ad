using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Cgi;

/// <summary>
/// The wire of SCGI and uwsgi, which differ only in how the request head is written: a connection per request
/// (nginx keeps none), the head (<see cref="WriteHead"/>) and the body, then the answer as
/// <c>ngx_http_scgi_process_status_line</c> and <c>ngx_http_uwsgi_process_status_line</c> read it: an HTTP status
/// line if it starts with one, else CGI headers (<c>Status</c>, <c>Location</c>); the header must fit in
/// <c>*_buffer_size</c>; the body is everything up to the close.
/// </summary>
public abstract class CgiStreamHandler : HttpMessageHandler
{
    /// <summary>The request head: the params (with what the protocol adds) before the body of <paramref name="bodyLength"/> bytes.</summary>
    protected abstract void WriteHead(ArrayBufferWriter<byte> output, CgiExchange exchange, long bodyLength);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var exchange = CgiExchange.Of<CgiExchange>(request);
        // nginx has the whole body before it writes the head (it announces the length first)
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        return await CgiSocket.ExchangeAsync(exchange, async (stream, reader) =>
        {
            var head = new ArrayBufferWriter<byte>(4096 + body.Length);
            WriteHead(head, exchange, body.Length);
            head.Write(body);
            await stream.WriteAsync(head.WrittenMemory, cancellationToken);
            return await ReadHeadAsync(reader, stream, exchange, cancellationToken);
        }, cancellationToken);
    }

    private static async Task<HttpResponseMessage> ReadHeadAsync(PipeReader reader, Stream stream, CgiExchange exchange, CancellationToken cancellationToken)
    {
        var headers = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var bytes = buffer.Length > exchange.Settings.BufferSize ? buffer.Slice(0, exchange.Settings.BufferSize).ToArray() : buffer.ToArray();
            var (status, reason, linesStart) = StatusLine(bytes);
            if (linesStart >= 0)
            {
                var parsed = CgiResponseHead.Parse(bytes.AsSpan(linesStart), headers, out var consumed, out var invalid);
                if (parsed == CgiResponseHead.Result.Invalid) throw new UpstreamResponseException(invalid!);
                if (parsed == CgiResponseHead.Result.Done)
                {
                    reader.AdvanceTo(buffer.GetPosition(linesStart + consumed));
                    var response = CgiResponseHead.ToResponse(headers, new StreamBodyContent(reader, stream, exchange));
                    if (status is { } line)
                    {
                        response.StatusCode = (HttpStatusCode)line;
                        response.ReasonPhrase = reason;
                    }
                    return response;
                }
            }
            if (buffer.Length >= exchange.Settings.BufferSize) throw new UpstreamResponseException("upstream sent too big header");
            if (result.IsCompleted) throw new UpstreamResponseException("upstream prematurely closed connection", UpstreamFailure.Error);
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// ngx_http_parse_status_line: <c>HTTP/x.y NNN text</c> gives the status and where the header lines start;
    /// anything else is a CGI head (lines from 0). -1: not enough bytes to tell yet.
    /// </summary>
    private static (int? Status, string? Reason, int LinesStart) StatusLine(byte[] bytes)
    {
        ReadOnlySpan<byte> http = "HTTP/"u8;
        var prefix = Math.Min(bytes.Length, http.Length);
        if (!bytes.AsSpan(0, prefix).SequenceEqual(http[..prefix])) return (null, null, 0);
        var lf = Array.IndexOf(bytes, (byte)'\n');
        if (lf < 0) return (null, null, -1);
        var line = Encoding.Latin1.GetString(bytes, 0, lf).TrimEnd('\r');
        var parts = line.Split(' ', 3);
        if (parts.Length < 2 || parts[1].Length != 3 || !int.TryParse(parts[1], out var status) || status < 100) return (null, null, 0);
        return (status, parts.Length > 2 ? parts[2] : null, lf + 1);
    }

    /// <summary>The body: what follows the head, up to the close; the connection is closed with it.</summary>
    private sealed class StreamBodyContent(PipeReader reader, Stream connection, CgiExchange exchange) : Upstream.ConnectionBodyContent
    {
        protected override Stream Open() => new BodyStream(reader, connection, exchange, Headers.ContentLength);

        protected override void Abandon()
        {
            reader.Complete();
            connection.Dispose();
        }
    }

    /// <summary>
    /// The body up to the close, or up to the peer's <c>Content-Length</c> when it sent one (nginx's <c>u->length</c>):
    /// a close before that many bytes is "upstream prematurely closed connection", the header having gone to the
    /// client first as nginx sends it, and the client's connection is cut.
    /// </summary>
    private sealed class BodyStream(PipeReader reader, Stream connection, CgiExchange exchange, long? announced) : Http.ReadOnlyStream
    {
        private long _rest = announced ?? long.MaxValue;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.Length == 0 || _rest == 0) return 0;
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                exchange.LogError("upstream prematurely closed connection", headerRead: true);
                throw;
            }
            var available = result.Buffer;
            if (available.IsEmpty && result.IsCompleted)
            {
                reader.AdvanceTo(available.End);
                if (announced is null) return 0;
                exchange.LogError("upstream prematurely closed connection", headerRead: true);
                var response = exchange.Request.Http.Response;
                if (!response.HasStarted) await response.StartAsync(cancellationToken);
                throw new IOException("upstream prematurely closed connection");
            }
            var take = (int)Math.Min(Math.Min(available.Length, buffer.Length), _rest);
            available.Slice(0, take).CopyTo(buffer.Span);
            reader.AdvanceTo(available.GetPosition(take));
            _rest -= take;
            return take;
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
