using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.FastCgi;

/// <summary>The FastCGI 1.0 record types nginx sends and accepts (ngx_http_fastcgi_module's NGX_HTTP_FASTCGI_*).</summary>
public enum FastCgiRecordType : byte
{
    BeginRequest = 1,
    EndRequest = 3,
    Params = 4,
    Stdin = 5,
    Stdout = 6,
    Stderr = 7,
}

/// <summary>One record read from a peer: its type and content (padding already skipped).</summary>
public readonly record struct FastCgiRecord(FastCgiRecordType Type, byte[] Content, int Length)
{
    public ReadOnlySpan<byte> Data => Content.AsSpan(0, Length);
}

/// <summary>
/// FastCGI records on the wire, as nginx writes them (<c>ngx_http_fastcgi_create_request</c>: request id 1, one
/// request per connection, content padded to 8 bytes, stdin in records of 32 KB) and reads them
/// (<c>ngx_http_fastcgi_process_record</c>, whose error lines the failures carry).
/// </summary>
public static class FastCgiRecords
{
    public const int HeaderSize = 8;

    /// <summary>nginx cuts the request body into records of this size.</summary>
    public const int StdinChunk = 32 * 1024;

    private const byte KeepConnFlag = 1;
    private const byte ResponderRole = 1;

    /// <summary>BEGIN_REQUEST (responder, keep_conn as asked), the params, and their closing empty record.</summary>
    public static void WriteBeginAndParams(IBufferWriter<byte> output, IReadOnlyList<KeyValuePair<string, string>> parameters, bool keepConn)
    {
        WriteHeader(output, FastCgiRecordType.BeginRequest, 8, 0);
        var begin = output.GetSpan(8);
        begin[..8].Clear();
        begin[1] = ResponderRole;
        begin[2] = keepConn ? KeepConnFlag : (byte)0;
        output.Advance(8);

        var encoded = new ArrayBufferWriter<byte>(1024);
        foreach (var (name, value) in parameters) WriteParam(encoded, name, value);
        // nginx sends them in one record and refuses more than 65535 bytes; records of at most 65535 carry any size here.
        var all = encoded.WrittenSpan;
        while (all.Length > 0)
        {
            var take = Math.Min(all.Length, 65535);
            WriteContent(output, FastCgiRecordType.Params, all[..take]);
            all = all[take..];
        }
        WriteHeader(output, FastCgiRecordType.Params, 0, 0);
    }

    /// <summary>One STDIN record (or the closing empty one) with its padding.</summary>
    public static void WriteContent(IBufferWriter<byte> output, FastCgiRecordType type, ReadOnlySpan<byte> content)
    {
        var padding = (8 - content.Length % 8) % 8;
        WriteHeader(output, type, content.Length, padding);
        output.Write(content);
        if (padding > 0)
        {
            var pad = output.GetSpan(padding);
            pad[..padding].Clear();
            output.Advance(padding);
        }
    }

    public static void WriteHeader(IBufferWriter<byte> output, FastCgiRecordType type, int length, int padding)
    {
        var header = output.GetSpan(HeaderSize);
        header[0] = 1;
        header[1] = (byte)type;
        header[2] = 0;
        header[3] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)length);
        header[6] = (byte)padding;
        header[7] = 0;
        output.Advance(HeaderSize);
    }

    private static void WriteParam(ArrayBufferWriter<byte> output, string name, string value)
    {
        var nameLength = Encoding.UTF8.GetByteCount(name);
        var valueLength = Encoding.UTF8.GetByteCount(value);
        WriteLength(output, nameLength);
        WriteLength(output, valueLength);
        output.Advance(Encoding.UTF8.GetBytes(name, output.GetSpan(nameLength)));
        output.Advance(Encoding.UTF8.GetBytes(value, output.GetSpan(valueLength)));
    }

    private static void WriteLength(ArrayBufferWriter<byte> output, int length)
    {
        if (length > 127)
        {
            BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), (uint)length | 0x80000000);
            output.Advance(4);
        }
        else
        {
            output.GetSpan(1)[0] = (byte)length;
            output.Advance(1);
        }
    }

    /// <summary>
    /// The next record, or null when the peer closed the connection between records. A record that breaks the
    /// protocol, or a close inside one, throws <see cref="UpstreamResponseException"/> with nginx's line.
    /// </summary>
    public static async ValueTask<FastCgiRecord?> ReadAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        var result = await reader.ReadAtLeastAsync(HeaderSize, cancellationToken);
        var buffer = result.Buffer;
        if (buffer.Length == 0 && result.IsCompleted) return null;
        if (buffer.Length < HeaderSize)
        {
            reader.AdvanceTo(buffer.End);
            throw Closed();
        }
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        if (header[0] != 1) throw Refuse(reader, buffer, $"upstream sent unsupported FastCGI protocol version: {header[0]}");
        var type = (FastCgiRecordType)header[1];
        if (type is not (FastCgiRecordType.Stdout or FastCgiRecordType.Stderr or FastCgiRecordType.EndRequest))
            throw Refuse(reader, buffer, $"upstream sent invalid FastCGI record type: {header[1]}");
        if (header[2] != 0) throw Refuse(reader, buffer, $"upstream sent unexpected FastCGI request id high byte: {header[2]}");
        if (header[3] != 1) throw Refuse(reader, buffer, $"upstream sent unexpected FastCGI request id low byte: {header[3]}");
        int length = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
        var padding = header[6];
        reader.AdvanceTo(buffer.GetPosition(HeaderSize));

        var total = length + padding;
        var content = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        if (total == 0) return new FastCgiRecord(type, content, 0);
        result = await reader.ReadAtLeastAsync(total, cancellationToken);
        buffer = result.Buffer;
        if (buffer.Length < total)
        {
            reader.AdvanceTo(buffer.End);
            ArrayPool<byte>.Shared.Return(content);
            throw Closed();
        }
        buffer.Slice(0, length).CopyTo(content);
        reader.AdvanceTo(buffer.GetPosition(total));
        return new FastCgiRecord(type, content, length);
    }

    /// <summary>Gives a record's buffer back.</summary>
    public static void Return(FastCgiRecord record) => ArrayPool<byte>.Shared.Return(record.Content);

    public static UpstreamResponseException Closed() => new("upstream prematurely closed connection", UpstreamFailure.Error);

    private static UpstreamResponseException Refuse(PipeReader reader, ReadOnlySequence<byte> buffer, string message)
    {
        reader.AdvanceTo(buffer.Start);
        return new UpstreamResponseException(message);
    }
}
