using System.Text;
using System.Text.Unicode;

namespace ProxyServer.NginxConf.Syntax;

/// <summary>
/// nginx reads configuration as bytes. We read it as text: valid UTF-8 decodes normally, and each
/// byte of an invalid sequence becomes the lone surrogate U+DC00+byte (Python's "surrogateescape"),
/// so no byte is lost or merged and <see cref="ToBytes"/> gives the file's bytes back.
/// </summary>
public static class ConfigText
{
    private const char EscapeBase = '\uDC00';

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
            return Encoding.UTF8.GetString(bytes);

        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = System.Buffers.OperationStatus.Done;
            status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                text.Append(rune.ToString());
            }
            else
            {
                for (var i = 0; i < consumed; i++)
                    text.Append((char)(EscapeBase + bytes[i]));
            }
            bytes = bytes[consumed..];
        }
        return text.ToString();
    }

    /// <summary>The original bytes of text produced by <see cref="Decode"/>.</summary>
    public static byte[] ToBytes(string text)
    {
        if (!HasEscapedBytes(text))
            return Encoding.UTF8.GetBytes(text);
        var bytes = new List<byte>(text.Length);
        var buffer = new byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '\uDC80' and <= '\uDCFF' && !(i > 0 && char.IsHighSurrogate(text[i - 1])))
            {
                bytes.Add((byte)(c - EscapeBase));
                continue;
            }
            var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), buffer)
                : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), buffer);
            bytes.AddRange(buffer.AsSpan(0, length));
        }
        return bytes.ToArray();
    }

    /// <summary>Text as a UTF-8 decoder with replacement would show the original bytes (one U+FFFD per invalid sequence).</summary>
    public static string WithReplacementCharacters(string text) =>
        HasEscapedBytes(text) ? Encoding.UTF8.GetString(ToBytes(text)) : text;

    private static bool HasEscapedBytes(string text)
    {
        foreach (var c in text)
            if (char.IsSurrogate(c))
                return true;
        return false;
    }
}
