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

    /// <summary>ngx_utf8_decode: one sequence of 2 to 4 bytes, not overlong; false (having moved on past the lead byte) when invalid.</summary>
    private static bool Decode(string bytes, ref int p)
    {
        uint u = bytes[p];
        int len;
        uint valid;
        if (u >= 0xf0) { u &= 0x07; valid = 0xffff; len = 3; }
        else if (u >= 0xe0) { u &= 0x0f; valid = 0x7ff; len = 2; }
        else if (u >= 0xc2) { u &= 0x1f; valid = 0x7f; len = 1; }
        else
        {
            p++;
            return false;
        }
        if (bytes.Length - p - 1 < len) return false;
        p++;
        while (len-- > 0)
        {
            uint i = bytes[p++];
            if (i < 0x80) return false;
            u = (u << 6) | (i & 0x3f);
        }
        return u > valid && u <= 0x10ffff;
    }
}
