namespace ProxyServer.Runtime.Core;

/// <summary>ngx_utf8_decode (src/core/ngx_string.c): one UTF-8 sequence, not overlong, as nginx validates it.</summary>
public static class Utf8Sequence
{
    /// <summary>An incomplete sequence at the end (0xfffffffe in nginx).</summary>
    public const uint Incomplete = 0xfffffffe;

    /// <summary>An invalid sequence (0xffffffff in nginx; anything above 0x10ffff is invalid).</summary>
    public const uint Invalid = 0xffffffff;

    /// <summary>Decodes the sequence at <paramref name="pos"/> (a byte from 0x80), moving past what it read.</summary>
    public static uint Decode(ReadOnlySpan<byte> bytes, ref int pos)
    {
        uint u = bytes[pos];
        int len;
        uint valid;
        if (u >= 0xf0) { u &= 0x07; valid = 0xffff; len = 3; }
        else if (u >= 0xe0) { u &= 0x0f; valid = 0x7ff; len = 2; }
        else if (u >= 0xc2) { u &= 0x1f; valid = 0x7f; len = 1; }
        else
        {
            pos++;
            return Invalid;
        }
        if (bytes.Length - pos - 1 < len) return Incomplete;
        pos++;
        while (len-- > 0)
        {
            uint i = bytes[pos++];
            if (i < 0x80) return Invalid;
            u = (u << 6) | (i & 0x3f);
        }
        return u > valid ? u : Invalid;
    }
}
