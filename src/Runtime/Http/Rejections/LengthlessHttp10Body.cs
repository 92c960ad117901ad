using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace ProxyServer.Runtime.Http.Rejections;

/// <summary>
/// An HTTP/1.0 POST or PUT without Content-Length (nor Transfer-Encoding) has no body for nginx
/// (ngx_http_discard_request_body and the readers see a length of 0), but Kestrel refuses it with 400
/// before our pipeline runs. For a connection whose first request is such a one, its head reaches Kestrel
/// with <c>Content-Length: 0</c> added, the same framing nginx reads; the pipeline then takes the added line
/// out again (<see cref="TakeAddedLength"/>), so <c>$content_length</c> and the upstream see what was sent.
/// Later requests of a keep-alive HTTP/1.0 connection are passed as they come.
/// </summary>
internal static class LengthlessHttp10Body
{
    /// <summary>The longest head looked at: a longer one is left to Kestrel (and its limits).</summary>
    private const int MaxHead = 64 * 1024;

    /// <summary>Called once the first bytes of a connection arrived: replaces its transport when its first request needs the length.</summary>
    public static async Task MendAsync(ConnectionContext connection, TimeSpan timeout)
    {
        var input = connection.Transport.Input;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        cancel.CancelAfter(timeout);
        byte[] head;
        int emptyLine;
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(cancel.Token);
                var buffer = read.Buffer;
                if (!MayNeedLength(buffer))
                {
                    input.AdvanceTo(buffer.Start);
                    return;
                }
                if (Find(buffer) is { } end)
                {
                    head = buffer.Slice(0, end.Head).ToArray();
                    emptyLine = end.EmptyLine;
                    input.AdvanceTo(buffer.Start);
                    break;
                }
                if (read.IsCompleted || buffer.Length > MaxHead)
                {
                    input.AdvanceTo(buffer.Start);
                    return;
                }
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (!lines[0].EndsWith(" HTTP/1.0", StringComparison.Ordinal)) return;
        foreach (var line in lines.Skip(1))
        {
            var name = line.Split(':', 2)[0].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) return;
        }

        // The head's lines + the added length + the empty line as it came, then the rest as it comes.
        var pipe = new Pipe();
        var added = "Content-Length: 0\r\n"u8;
        var mended = new byte[head.Length + added.Length];
        head.AsSpan(0, head.Length - emptyLine).CopyTo(mended);
        added.CopyTo(mended.AsSpan(head.Length - emptyLine));
        head.AsSpan(head.Length - emptyLine).CopyTo(mended.AsSpan(head.Length - emptyLine + added.Length));
        await pipe.Writer.WriteAsync(mended);
        var rest = await input.ReadAsync();
        input.AdvanceTo(rest.Buffer.GetPosition(head.Length));
        _ = PumpAsync(input, pipe.Writer);
        connection.Items[typeof(LengthlessHttp10Body)] = new AddedLength();
        connection.Transport = new MendedTransport(pipe.Reader, connection.Transport.Output);
    }

    /// <summary>
    /// The pipeline's half: the request whose head got the added <c>Content-Length: 0</c> loses it again
    /// (once per connection, its first request).
    /// </summary>
    public static void TakeAddedLength(HttpContext http)
    {
        if (http.Features.Get<IConnectionItemsFeature>()?.Items is not { } items) return;
        if (!items.TryGetValue(typeof(LengthlessHttp10Body), out var value) || value is not AddedLength added || added.Taken) return;
        added.Taken = true;
        http.Request.Headers.Remove("Content-Length");
    }

    /// <summary>A head starting <c>POST </c> or <c>PUT </c> (or too short to tell yet).</summary>
    private static bool MayNeedLength(ReadOnlySequence<byte> buffer)
    {
        Span<byte> start = stackalloc byte[5];
        var length = (int)Math.Min(5, buffer.Length);
        buffer.Slice(0, length).CopyTo(start);
        var seen = start[..length];
        // A prefix of "POST " or "PUT " (what has arrived so far may be shorter than either).
        return "POST "u8.StartsWith(seen) || "PUT "u8.StartsWith(seen[..Math.Min(4, length)]);
    }

    /// <summary>
    /// The length of the head up to and including its empty line, and that line's length (CRLF or a bare LF,
    /// as nginx and Kestrel take either), once it has arrived.
    /// </summary>
    private static (int Head, int EmptyLine)? Find(ReadOnlySequence<byte> buffer)
    {
        var bytes = buffer.Length > MaxHead ? buffer.Slice(0, MaxHead).ToArray() : buffer.ToArray();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != '\n') continue;
            if (i + 1 < bytes.Length && bytes[i + 1] == '\n') return (i + 2, 1);
            if (i + 2 < bytes.Length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') return (i + 3, 2);
        }
        return null;
    }

    private static async Task PumpAsync(PipeReader from, PipeWriter to)
    {
        try
        {
            while (true)
            {
                var read = await from.ReadAsync();
                foreach (var segment in read.Buffer) await to.WriteAsync(segment);
                from.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled) break;
            }
            await to.CompleteAsync();
        }
        catch (Exception e)
        {
            await to.CompleteAsync(e);
        }
        await from.CompleteAsync();
    }

    private sealed class AddedLength
    {
        public bool Taken { get; set; }
    }

    private sealed class MendedTransport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }
}
