using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.FastCgi;

/// <summary>
/// The response body: the STDOUT records after the header, as <c>ngx_http_fastcgi_input_filter</c> reads them.
/// Stderr records on the way are logged (" while reading upstream"). Without fastcgi_keep_conn the body ends at
/// the empty STDOUT record or END_REQUEST and the connection is closed; with it, at END_REQUEST, and the
/// connection is kept when nothing follows. A close or a broken record before the end is logged and ends the
/// client's response short, as nginx does.
/// </summary>
public sealed class FastCgiBodyContent(FastCgiConnection connection, FastCgiExchange exchange, byte[] start, Action<bool> done) : Upstream.ConnectionBodyContent
{
    protected override Stream Open() => new BodyStream(connection, exchange, start, done);

    protected override void Abandon() => done(false);

    private sealed class BodyStream(FastCgiConnection connection, FastCgiExchange exchange, byte[] start, Action<bool> done) : Http.ReadOnlyStream
    {
        private byte[]? _pending = start;
        private int _offset;
        private int _length = start.Length;
        private bool _returnPending;
        private bool _ended;
        private bool _released;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (true)
            {
                if (_length > 0)
                {
                    var take = Math.Min(_length, buffer.Length);
                    _pending.AsSpan(_offset, take).CopyTo(buffer.Span);
                    _offset += take;
                    _length -= take;
                    return take;
                }
                if (_ended || buffer.Length == 0) return 0;
                ReleasePending();
                FastCgiRecord? next;
                try
                {
                    next = await FastCgiRecords.ReadAsync(connection.Reader, cancellationToken);
                }
                catch (UpstreamResponseException e)
                {
                    exchange.LogError(e.Message, headerRead: true);
                    throw Release(new IOException(e.Message, e));
                }
                catch (IOException e)
                {
                    exchange.LogError("upstream prematurely closed connection", headerRead: true);
                    throw Release(e);
                }
                if (next is not { } record)
                {
                    exchange.LogError("upstream prematurely closed connection", headerRead: true);
                    throw Release(new IOException("upstream prematurely closed connection"));
                }
                switch (record.Type)
                {
                    case FastCgiRecordType.Stdout when record.Length > 0:
                        _pending = record.Content;
                        _offset = 0;
                        _length = record.Length;
                        _returnPending = true;
                        continue;
                    case FastCgiRecordType.Stdout:
                        FastCgiRecords.Return(record);
                        // nginx's upstream_done at the closed stdout unless it waits for END_REQUEST to keep the connection
                        if (!exchange.FastCgi.KeepConn) End(reusable: false);
                        continue;
                    case FastCgiRecordType.Stderr:
                        if (record.Length > 0) exchange.LogError($"FastCGI sent in stderr: \"{FastCgiHandler.StderrText(record.Data)}\"", headerRead: true);
                        FastCgiRecords.Return(record);
                        continue;
                    default:
                        FastCgiRecords.Return(record);
                        End(reusable: exchange.FastCgi.KeepConn && !connection.HasUnreadData());
                        continue;
                }
            }
        }

        private void End(bool reusable)
        {
            _ended = true;
            if (_released) return;
            _released = true;
            done(reusable);
        }

        private Exception Release(Exception e)
        {
            End(reusable: false);
            return e;
        }

        private void ReleasePending()
        {
            if (_returnPending && _pending is not null) System.Buffers.ArrayPool<byte>.Shared.Return(_pending);
            _returnPending = false;
            _pending = null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                ReleasePending();
                // a body not read to its end leaves the connection mid-response: it cannot be kept
                if (!_released)
                {
                    _released = true;
                    done(false);
                }
            }
            base.Dispose(disposing);
        }
    }
}
