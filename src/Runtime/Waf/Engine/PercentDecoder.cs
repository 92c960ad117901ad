using System.Text;
using System.Text.Unicode;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>naxsi's decoding of names and values: <c>%xx</c> only (<c>+</c> stays), NUL becomes <c>0</c>.</summary>
internal static class PercentDecoder
{
    [Flags]
    public enum Problems { None = 0, BadHexOrNul = 1, BadUtf8 = 2 }

    /// <summary>Decodes <paramref name="input"/>; a malformed <c>%</c> is kept as written and reported.</summary>
    public static string Decode(ReadOnlySpan<byte> input, ref Problems problems)
    {
        if (input.IndexOfAny((byte)'%', (byte)0) < 0 && IsAscii(input))
            return Encoding.ASCII.GetString(input);
        var output = new byte[input.Length];
        var length = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b == '%')
            {
                if (i + 2 < input.Length && IsHex(input[i + 1]) && IsHex(input[i + 2]))
                {
                    b = (byte)(HexValue(input[i + 1]) << 4 | HexValue(input[i + 2]));
                    i += 2;
                }
                else
                {
                    problems |= Problems.BadHexOrNul;
                }
            }
            if (b == 0)
            {
                problems |= Problems.BadHexOrNul;
                b = (byte)'0';
            }
            output[length++] = b;
        }
        return ToText(output.AsSpan(0, length), ref problems);
    }

    /// <summary>Bytes to text for matching: UTF-8 when valid, otherwise byte-per-char so rules still see them.</summary>
    public static string ToText(ReadOnlySpan<byte> bytes, ref Problems problems)
    {
        if (Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        problems |= Problems.BadUtf8;
        return Encoding.Latin1.GetString(bytes);
    }

    private static bool IsAscii(ReadOnlySpan<byte> input) => System.Text.Ascii.IsValid(input);

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
