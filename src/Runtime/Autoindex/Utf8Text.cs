namespace ProxyServer.Runtime.Autoindex;

/// <summary>ngx_utf8_length and ngx_utf8_cpystrn over a byte string (one char a byte), with ngx_utf8_decode's validation.</summary>
internal static class Utf8Text
{
    /// <summary>ngx_utf8_length: the number of characters; the byte count when the text is not valid UTF-8.</summary>
    public static int Length(string bytes)
    {
        var length = 0;
        for (var p = 0; p < bytes.Length; length++)
        {
            if (bytes[p] < 0x80)
            {
                p++;
                continue;
            }
            if (!Decode(bytes, ref p)) return bytes.Length;
        }
        return length;
    }

    /// <summary>ngx_utf8_cpystrn with n = <paramref name="characters"/> + 1: the first characters, up to an invalid sequence or a NUL.</summary>
    public static string Prefix(string bytes, int characters)
    {
        var p = 0;
        for (var n = 0; n < characters && p < bytes.Length; n++)
        {
            if (bytes[p] < 0x80)
            {
                if (bytes[p] == '\0') break;
                p++;
                continue;
            }
            var next = p;
            if (!Decode(bytes, ref next)) break;
            p = next;
        }
        return bytes[..p];
    }

    private static bool Decode(string bytes, ref int p)
    {
        Span<byte> sequence = stackalloc byte[4];
        var length = Math.Min(4, bytes.Length - p);
        for (var i = 0; i < length; i++) sequence[i] = (byte)bytes[i + p];
        var at = 0;
        var rune = Core.Utf8Sequence.Decode(sequence[..length], ref at);
        p += at;
        return rune <= 0x10ffff;
    }
}
