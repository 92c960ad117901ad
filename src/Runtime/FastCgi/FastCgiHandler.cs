using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text;
using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.FastCgi;

/// <summary>
/// The FastCGI wire as an <see cref="HttpMessageHandler"/> under YARP's forwarder: the request goes out as
/// records (<see cref="FastCgiConnection.WriteRequestAsync"/>); the answer is read as
/// <c>ngx_http_fastcgi_process_header</c> reads it (stderr records logged, and checked against
/// <c>fastcgi_catch_stderr</c>; the header must fit in <c>fastcgi_buffer_size</c>) and handed back as an
/// <see cref="HttpResponseMessage"/> whose body reads the remaining STDOUT records
/// (<see cref="FastCgiBodyContent"/>). One per process; it owns the kept connections.
/// </summary>
public sealed class FastCgiHandler : HttpMessageHandler
{
    private readonly Upstream.KeptConnections<FastCgiConnection> _pool = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var exchange = CgiExchange.Of<FastCgiExchange>(request);
        var started = Stopwatch.GetTimestamp();
        var peer = exchange.Peer.Address;
        var keepalive = exchange.Keepalive;
        var connection = keepalive is null ? null : _pool.Take(peer, keepalive);
        connection ??= await FastCgiConnection.OpenAsync(peer, exchange.Settings.ConnectTimeout, cancellationToken);
        exchange.Attempt.ConnectMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            await connection.WriteRequestAsync(exchange.Params, exchange.FastCgi.KeepConn, request.Content, cancellationToken);
            var (headers, bodyStart) = await ReadHeadAsync(connection, exchange, cancellationToken);
            // nginx answers a HEAD (and a 304) from the header alone and never reads the rest: that connection is not kept
            var headerOnly = request.Method == HttpMethod.Head;
            var content = new FastCgiBodyContent(connection, exchange, bodyStart, done: reusable =>
            {
                reusable &= !headerOnly;
                if (reusable && keepalive is not null) _pool.Return(peer, keepalive, connection);
                else connection.Dispose();
            });
            try
            {
                var response = CgiResponseHead.ToResponse(headers, content);
                headerOnly |= response.StatusCode == HttpStatusCode.NotModified;
                return response;
            }
            catch
            {
                content.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is not UpstreamResponseException)
        {
            connection.Dispose();
            // A peer that closed (or reset) the connection before the header came: nginx's "prematurely closed".
            if (e is IOException && !cancellationToken.IsCancellationRequested) throw FastCgiRecords.Closed();
            throw;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ngx_http_fastcgi_process_header: records until the header is complete; returns its lines and the STDOUT bytes
    /// after it (the start of the body).
    /// </summary>
    private static async Task<(List<KeyValuePair<string, string>>, byte[])> ReadHeadAsync(FastCgiConnection connection, FastCgiExchange exchange, CancellationToken cancellationToken)
    {
        var settings = exchange.Settings;
        var head = new ArrayBufferWriter<byte>(1024);
        var headers = new List<KeyValuePair<string, string>>();
        // what nginx's buffer holds: the stdout records' bytes (stderr before any stdout is dropped from it)
        long buffered = 0;
        while (true)
        {
            var record = await FastCgiRecords.ReadAsync(connection.Reader, cancellationToken) ?? throw FastCgiRecords.Closed();
            try
            {
                switch (record.Type)
                {
                    case FastCgiRecordType.Stderr:
                        if (record.Length == 0) continue;
                        var message = StderrText(record.Data);
                        exchange.LogError($"FastCGI sent in stderr: \"{message}\"", headerRead: false);
                        foreach (var pattern in exchange.FastCgi.CatchStderr)
                            if (message.Contains(pattern, StringComparison.Ordinal)) throw new UpstreamResponseException("");
                        if (head.WrittenCount > 0) buffered += FastCgiRecords.HeaderSize + record.Length;
                        continue;
                    case FastCgiRecordType.EndRequest:
                        throw new UpstreamResponseException("upstream sent unexpected FastCGI record: 3");
                    case FastCgiRecordType.Stdout when record.Length == 0:
                        throw new UpstreamResponseException("upstream prematurely closed FastCGI stdout");
                }
                var before = head.WrittenCount;
                head.Write(record.Data);
                var result = CgiResponseHead.Parse(head.WrittenSpan, headers, out var consumed, out var invalid);
                var used = result == CgiResponseHead.Result.Done ? consumed - before : record.Length;
                if (buffered + FastCgiRecords.HeaderSize + used > settings.BufferSize)
                    throw new UpstreamResponseException("upstream sent too big header");
                buffered += FastCgiRecords.HeaderSize + record.Length;
                if (result == CgiResponseHead.Result.Invalid) throw new UpstreamResponseException(invalid!);
                if (result == CgiResponseHead.Result.Done) return (headers, head.WrittenSpan[consumed..].ToArray());
            }
            finally
            {
                FastCgiRecords.Return(record);
            }
        }
    }

    /// <summary>nginx logs a stderr record without its trailing line ends, dots and spaces (keeping at least its first byte).</summary>
    public static string StderrText(ReadOnlySpan<byte> data)
    {
        var end = data.Length;
        while (end > 1 && data[end - 1] is (byte)'\n' or (byte)'\r' or (byte)'.' or (byte)' ') end--;
        return Encoding.UTF8.GetString(data[..end]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _pool.Dispose();
        base.Dispose(disposing);
    }
}
