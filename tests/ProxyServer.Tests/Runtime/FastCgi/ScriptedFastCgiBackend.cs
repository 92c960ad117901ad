using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.FastCgi;

/// <summary>
/// A FastCGI peer whose bytes a test writes: it reads each request (BEGIN_REQUEST, PARAMS, STDIN up to the empty
/// record) and answers by the last segment of its <c>REQUEST_URI</c>: <c>ok</c> a well-formed answer naming the
/// connection (kept when the request asked for keep_conn), and the broken answers nginx must refuse:
/// <c>cut</c> (closes inside a record), <c>version</c> (protocol version 2), <c>type</c> (record type 9),
/// <c>big</c> (a 10 KB header), <c>invalid</c> (a header line without a colon), <c>silent</c> (never answers),
/// <c>stdout-closed</c> (an empty STDOUT before any header), <c>extra</c> (data after END_REQUEST).
/// </summary>
public sealed class ScriptedFastCgiBackend : LoopbackTcpBackend
{
    protected override async Task ServeAsync(NetworkStream stream, int connection)
    {
        while (true)
        {
            var (uri, keep) = await ReadRequestAsync(stream);
            if (uri is null) return;
            var mode = uri.Split('?')[0].Split('/')[^1];
            switch (mode)
            {
                case "ok":
                    await WriteAsync(stream, Record(6, $"Content-Type: text/plain\r\nX-Conn: {connection}\r\n\r\nok on connection {connection}\n"), Record(6, ""), EndRequest());
                    if (keep) continue;
                    return;
                case "extra":
                    await WriteAsync(stream, Record(6, "Content-Type: text/plain\r\n\r\nbody\n"), Record(6, ""), EndRequest(), Record(6, "after the end\n"));
                    await Task.Delay(200, Stopping);
                    return;
                case "cut":
                    var cut = Record(6, "Content-Type: text/plain\r\n\r\nthis record is cut short");
                    await WriteAsync(stream, cut[..20]);
                    return;
                case "version":
                    var bad = Record(6, "Content-Type: text/plain\r\n\r\nx");
                    bad[0] = 2;
                    await WriteAsync(stream, bad);
                    break;
                case "type":
                    var typed = Record(6, "Content-Type: text/plain\r\n\r\nx");
                    typed[1] = 9;
                    await WriteAsync(stream, typed);
                    break;
                case "big":
                    await WriteAsync(stream, Record(6, "X-Big: " + new string('a', 10000) + "\r\n"), Record(6, "Content-Type: text/plain\r\n\r\nbig\n"), Record(6, ""), EndRequest());
                    break;
                case "invalid":
                    await WriteAsync(stream, Record(6, "Content-Type: text/plain\r\nNo colon here\r\n\r\nx"), Record(6, ""), EndRequest());
                    break;
                case "stdout-closed":
                    await WriteAsync(stream, Record(6, ""), EndRequest());
                    break;
                case "silent":
                    await Task.Delay(Timeout.Infinite, Stopping);
                    return;
            }
            await Task.Delay(200, Stopping);
            return;
        }
    }

    /// <summary>The request's REQUEST_URI param and keep_conn flag; null at a closed connection.</summary>
    private static async Task<(string? Uri, bool Keep)> ReadRequestAsync(NetworkStream stream)
    {
        string? uri = null;
        var keep = false;
        var header = new byte[8];
        while (true)
        {
            if (!await ReadExactlyAsync(stream, header)) return (null, false);
            var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(4));
            var content = new byte[length + header[6]];
            if (!await ReadExactlyAsync(stream, content)) return (null, false);
            switch (header[1])
            {
                case 1: keep = (content[2] & 1) != 0; break;
                case 4: uri ??= FindParam(content.AsSpan(0, length), "REQUEST_URI"); break;
                case 5 when length == 0: return (uri ?? "", keep);
            }
        }
    }

    private static async Task<bool> ReadExactlyAsync(NetworkStream stream, byte[] buffer)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    private static string? FindParam(ReadOnlySpan<byte> data, string wanted)
    {
        while (data.Length > 0)
        {
            var nameLength = ReadLength(ref data);
            var valueLength = ReadLength(ref data);
            var name = Encoding.ASCII.GetString(data[..nameLength]);
            var value = Encoding.UTF8.GetString(data.Slice(nameLength, valueLength));
            data = data[(nameLength + valueLength)..];
            if (name == wanted) return value;
        }
        return null;
    }

    private static int ReadLength(ref ReadOnlySpan<byte> data)
    {
        if (data[0] < 128)
        {
            var one = data[0];
            data = data[1..];
            return one;
        }
        var four = (int)(BinaryPrimitives.ReadUInt32BigEndian(data) & 0x7fffffff);
        data = data[4..];
        return four;
    }

    private static byte[] Record(byte type, string content)
    {
        var bytes = Encoding.ASCII.GetBytes(content);
        var record = new byte[8 + bytes.Length];
        record[0] = 1;
        record[1] = type;
        record[3] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(4), (ushort)bytes.Length);
        bytes.CopyTo(record, 8);
        return record;
    }

    private static byte[] EndRequest()
    {
        var record = Record(3, "\0\0\0\0\0\0\0\0");
        return record;
    }

    private static async Task WriteAsync(NetworkStream stream, params byte[][] records)
    {
        foreach (var record in records) await stream.WriteAsync(record);
        await stream.FlushAsync();
    }
}
