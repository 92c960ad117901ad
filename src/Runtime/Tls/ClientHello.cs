using System.Buffers;
using System.Buffers.Binary;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// What a TLS ClientHello offers that decides which of a server's certificates OpenSSL would use:
/// cipher suites (TLS 1.2 picks the certificate through the suite), signature algorithms (TLS 1.3
/// picks it through them), supported groups (an ECDSA certificate's curve) and whether TLS 1.3 is offered.
/// Read from the raw bytes before the handshake starts, because .NET's ClientHello info has only SNI and versions.
/// </summary>
public sealed record ClientHello(
    IReadOnlyList<ushort> CipherSuites,
    IReadOnlyList<ushort>? SignatureAlgorithms,
    IReadOnlyList<ushort>? SupportedGroups,
    bool OffersTls13)
{
    private const byte HandshakeRecord = 0x16;
    private const byte ClientHelloMessage = 0x01;
    private const int RecordHeader = 5;

    /// <summary>Beyond this many bytes a ClientHello is not worth waiting for (real ones are under 2 KB; one record holds 16 KB).</summary>
    public const int MaxBytes = 64 * 1024;

    public enum ParseState { Complete, NeedMore, Invalid }

    /// <summary>
    /// Parses the ClientHello at the start of <paramref name="data"/> (the handshake message may span
    /// several records). <see cref="ParseState.NeedMore"/> when the bytes so far end inside it.
    /// </summary>
    public static (ParseState State, ClientHello? Hello) TryParse(ReadOnlySequence<byte> data)
    {
        var bytes = data.Length > MaxBytes ? data.Slice(0, MaxBytes).ToArray() : data.ToArray();
        var message = new List<byte>();
        var offset = 0;
        while (true)
        {
            if (bytes.Length - offset < RecordHeader) return (bytes.Length >= MaxBytes ? ParseState.Invalid : ParseState.NeedMore, null);
            if (bytes[offset] != HandshakeRecord) return (ParseState.Invalid, null);
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset + 3));
            if (bytes.Length - offset - RecordHeader < length) return (bytes.Length >= MaxBytes ? ParseState.Invalid : ParseState.NeedMore, null);
            message.AddRange(bytes.AsSpan(offset + RecordHeader, length));
            offset += RecordHeader + length;
            if (message.Count < 4) continue;
            if (message[0] != ClientHelloMessage) return (ParseState.Invalid, null);
            var bodyLength = message[1] << 16 | message[2] << 8 | message[3];
            if (message.Count - 4 < bodyLength) continue;
            var hello = ParseBody(message.GetRange(4, bodyLength).ToArray());
            return hello is null ? (ParseState.Invalid, null) : (ParseState.Complete, hello);
        }
    }

    private static ClientHello? ParseBody(byte[] body)
    {
        var reader = new Reader(body);
        if (!reader.Skip(2 + 32) || !reader.SkipVector(1)) return null; // version, random, session id
        if (reader.Vector(2) is not { } suites || reader.SkipVector(1) is false) return null; // cipher suites, compression
        IReadOnlyList<ushort>? signatures = null, groups = null;
        var tls13 = false;
        if (reader.Remaining > 0 && reader.Vector(2) is { } extensions)
        {
            var inner = new Reader(extensions);
            while (inner.Remaining >= 4)
            {
                var type = inner.UInt16();
                if (inner.Vector(2) is not { } data) return null;
                var values = new Reader(data);
                switch (type)
                {
                    case 0x000a: groups = values.Vector(2) is { } g ? Words(g) : null; break;
                    case 0x000d: signatures = values.Vector(2) is { } s ? Words(s) : null; break;
                    case 0x002b: tls13 = values.Vector(1) is { } v && Words(v).Contains((ushort)0x0304); break;
                }
            }
        }
        return new ClientHello(Words(suites), signatures, groups, tls13);
    }

    private static ushort[] Words(byte[] bytes)
    {
        var words = new ushort[bytes.Length / 2];
        for (var i = 0; i < words.Length; i++) words[i] = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2 * i));
        return words;
    }

    private sealed class Reader(byte[] bytes)
    {
        private int _at;

        public int Remaining => bytes.Length - _at;

        public bool Skip(int count)
        {
            if (Remaining < count) return false;
            _at += count;
            return true;
        }

        public ushort UInt16()
        {
            var value = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(_at));
            _at += 2;
            return value;
        }

        /// <summary>A length-prefixed field (1- or 2-byte length), or null when it overruns.</summary>
        public byte[]? Vector(int lengthBytes)
        {
            if (Remaining < lengthBytes) return null;
            var length = lengthBytes == 1 ? bytes[_at] : BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(_at));
            if (Remaining - lengthBytes < length) return null;
            var value = bytes.AsSpan(_at + lengthBytes, length).ToArray();
            _at += lengthBytes + length;
            return value;
        }

        public bool SkipVector(int lengthBytes) => Vector(lengthBytes) is not null;
    }
}
