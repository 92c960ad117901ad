using System.Buffers;
using System.IO.Pipelines;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// <c>listen ... proxy_protocol</c>: a Kestrel connection middleware, placed before TLS, that reads the PROXY
/// protocol header (v1 text or v2 binary) as ngx_proxy_protocol_read does and leaves the bytes after it for
/// TLS or HTTP. What it carried becomes the connection's <see cref="ProxyProtocolHeader"/>; a broken header
/// closes the connection with nginx's error-log line. nginx parses what its first read returned; we wait
/// until the header is complete (a v1 line ends, a v2 header's length has arrived), so a header split over
/// several packets is accepted here.
/// </summary>
public static class ProxyProtocolReader
{
    /// <summary>nginx's NGX_PROXY_PROTOCOL_MAX_HEADER: the most a header may take.</summary>
    private const int MaxHeader = 4096;

    private static readonly byte[] V2Signature = "\r\n\r\n\0\r\nQUIT\n"u8.ToArray();

    /// <param name="log">Writes an error-log line for the connection (the default server's error log).</param>
    public static Func<ConnectionDelegate, ConnectionDelegate> Install(Action<ConnectionContext, string> log, TimeSpan headerTimeout) => next => async connection =>
    {
        var stopping = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping, connection.ConnectionClosed);
        cancel.CancelAfter(headerTimeout);
        var input = connection.Transport.Input;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                // ngx_http_wait_request_handler's timeout: closed without a word.
                return;
            }
            var buffer = read.Buffer;
            var bytes = buffer.Slice(0, Math.Min(buffer.Length, MaxHeader)).ToArray();
            var parsed = Parse(bytes, complete: read.IsCompleted || buffer.Length >= MaxHeader);
            if (parsed.Length == 0)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            if (parsed.Length < 0)
            {
                if (parsed.Error is { } error) log(connection, error + " while reading PROXY protocol");
                input.AdvanceTo(buffer.Start);
                return;
            }
            input.AdvanceTo(buffer.GetPosition(parsed.Length));
            if (parsed.Header is { } header) connection.Items[typeof(ProxyProtocolHeader)] = header;
            break;
        }
        await next(connection);
    };

    /// <summary>
    /// What a buffer's start holds: Length 0 = need more bytes; Length &lt; 0 = broken (Error is nginx's line, if it logs one);
    /// Length &gt; 0 = the header's size, with what it said (null for UNKNOWN and what v2 does not carry addresses for).
    /// </summary>
    public readonly record struct Parsed(int Length, ProxyProtocolHeader? Header, string? Error);

    /// <summary>ngx_proxy_protocol_read on <paramref name="data"/>; <paramref name="complete"/>: no more bytes will come.</summary>
    public static Parsed Parse(ReadOnlySpan<byte> data, bool complete)
    {
        if (data.Length == 0) return complete ? new Parsed(-1, null, null) : default;
        // 16 bytes: the v2 header (signature, version and command, family and transport, length).
        if (data.Length < 16 && !complete && V2Signature.AsSpan().StartsWith(data[..Math.Min(data.Length, 12)])) return default;
        if (data.Length >= 16 && data[..12].SequenceEqual(V2Signature)) return ParseV2(data, complete);
        // A v1 line not yet ended: wait for its CRLF, unless it cannot be one.
        var proxy = data.Length >= 6 ? data[..6].SequenceEqual("PROXY "u8) : "PROXY "u8.StartsWith(data);
        if (proxy && !complete && data.IndexOf("\r\n"u8) < 0 && data.Length < MaxHeader) return default;
        return ParseV1(data);
    }

    private static Parsed ParseV1(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8 || !data.StartsWith("PROXY "u8)) return Broken(data);
        var p = 6;
        if (data.Length - p >= 7 && data.Slice(p, 7).SequenceEqual("UNKNOWN"u8))
        {
            // Anything up to the end of the line is skipped.
            var end = data[(p + 7)..].IndexOf("\r\n"u8);
            return end < 0 ? Broken(data) : new Parsed(p + 7 + end + 2, null, null);
        }
        if (data.Length - p < 5 || !data.Slice(p, 3).SequenceEqual("TCP"u8) || data[p + 3] is not ((byte)'4' or (byte)'6') || data[p + 4] != ' ')
            return Broken(data);
        p += 5;
        if (ReadAddress(data, ref p) is not { } source || ReadAddress(data, ref p) is not { } destination) return Broken(data);
        if (ReadPort(data, ref p, (byte)' ') is not { } sourcePort || ReadPort(data, ref p, (byte)'\r') is not { } destinationPort) return Broken(data);
        if (p == data.Length || data[p++] != '\n') return Broken(data);
        return new Parsed(p, new ProxyProtocolHeader(source, sourcePort, destination, destinationPort), null);
    }

    /// <summary>ngx_proxy_protocol_read_addr: hex digits, dots and colons up to a space.</summary>
    private static string? ReadAddress(ReadOnlySpan<byte> data, ref int p)
    {
        var start = p;
        while (true)
        {
            if (p == data.Length) return null;
            var ch = data[p++];
            if (ch == ' ') break;
            if (ch is not ((byte)':' or (byte)'.') && !char.IsAsciiHexDigit((char)ch)) return null;
        }
        return Encoding.Latin1.GetString(data[start..(p - 1)]);
    }

    /// <summary>ngx_proxy_protocol_read_port: decimal digits up to <paramref name="separator"/>, 0 to 65535.</summary>
    private static int? ReadPort(ReadOnlySpan<byte> data, ref int p, byte separator)
    {
        var start = p;
        while (true)
        {
            if (p == data.Length) return null;
            if (data[p++] == separator) break;
        }
        var digits = data[start..(p - 1)];
        if (digits.Length == 0) return null;
        var n = 0;
        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9') return null;
            n = n * 10 + (d - '0');
            if (n > 65535) return null;
        }
        return n;
    }

    /// <summary>ngx_proxy_protocol_read's "broken header": everything read, line breaks and all (nginx 1.22 prints the whole buffer).</summary>
    private static Parsed Broken(ReadOnlySpan<byte> data) => new(-1, null, $"broken header: \"{Encoding.Latin1.GetString(data)}\"");

    /// <summary>ngx_proxy_protocol_v2_read.</summary>
    private static Parsed ParseV2(ReadOnlySpan<byte> data, bool complete)
    {
        var version = data[12] >> 4;
        if (version != 2) return new Parsed(-1, null, $"unknown PROXY protocol version: {version}");
        var length = BinaryPrimitives.ReadUInt16BigEndian(data[14..16]);
        if (data.Length - 16 < length)
        {
            if (!complete && 16 + length <= MaxHeader) return default;
            return new Parsed(-1, null, "header is too large");
        }
        var end = 16 + length;
        var body = data[16..end];
        // Only PROXY over STREAM carries addresses; LOCAL and the rest are skipped.
        if ((data[12] & 0x0f) != 1 || (data[13] & 0x0f) != 1) return new Parsed(end, null, null);
        switch (data[13] >> 4)
        {
            case 1:
                if (body.Length < 12) return new Parsed(-1, null, null);
                return new Parsed(end, new ProxyProtocolHeader(
                    new IPAddress(body[..4]).ToString(), BinaryPrimitives.ReadUInt16BigEndian(body[8..10]),
                    new IPAddress(body[4..8]).ToString(), BinaryPrimitives.ReadUInt16BigEndian(body[10..12])), null);
            case 2:
                if (body.Length < 36) return new Parsed(-1, null, null);
                return new Parsed(end, new ProxyProtocolHeader(
                    new IPAddress(body[..16]).ToString(), BinaryPrimitives.ReadUInt16BigEndian(body[32..34]),
                    new IPAddress(body[16..32]).ToString(), BinaryPrimitives.ReadUInt16BigEndian(body[34..36])), null);
            default:
                return new Parsed(end, null, null);
        }
    }
}
