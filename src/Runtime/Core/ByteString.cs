using System.Text;

namespace ProxyServer.Runtime.Core;

/// <summary>
/// nginx works on bytes, not characters: a URI may hold any byte after percent-decoding, and a
/// regex from the config sees those bytes as PCRE does without UTF mode. We keep request data
/// and config text in the same "byte string" form — one char per byte (Latin-1) — so comparing,
/// matching and echoing stay byte-exact, and only convert at the edges.
/// </summary>
public static class ByteString
{
    /// <summary>
    /// Config text (UTF-8 decoded by the parser, with undecodable bytes kept as U+DC80..U+DCFF)
    /// to a byte string.
    /// </summary>
    public static string FromConfig(string text)
    {
        if (IsAscii(text)) return text;
        var bytes = new List<byte>(text.Length * 2);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= '\uDC80' && c <= '\uDCFF')
            {
                bytes.Add((byte)(c - '\uDC00'));
                continue;
            }
            var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), buffer)
                : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), buffer);
            for (var k = 0; k < length; k++) bytes.Add(buffer[k]);
        }
        return Encoding.Latin1.GetString(bytes.ToArray());
    }

    /// <summary>The bytes a byte string stands for.</summary>
    public static byte[] ToBytes(string value) => Encoding.Latin1.GetBytes(value);

    public static string FromBytes(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static bool IsAscii(string text)
    {
        foreach (var c in text)
            if (c > '\x7f') return false;
        return true;
    }
}
