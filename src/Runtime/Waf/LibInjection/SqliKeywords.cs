// Port of libinjection 4 (https://github.com/libinjection/libinjection). BSD-3-Clause: see COPYING.txt.

namespace ProxyServer.Runtime.Waf.LibInjection;

/// <summary>
/// libinjection's keyword table (<see cref="SqliData.Keywords"/>): words, operators and
/// fingerprints with their token type. libinjection binary-searches its sorted table comparing
/// upper-cased input; an exact lookup of the input with a-z upper-cased finds the same entries.
/// </summary>
internal static class SqliKeywords
{
    /// <summary>The longest entry is shorter than a token's 32 bytes, so longer input never matches.</summary>
    private const int MaxLength = TokenValue.Size;

    private static readonly Dictionary<string, byte>.AlternateLookup<ReadOnlySpan<char>> Table = Load();

    private static Dictionary<string, byte>.AlternateLookup<ReadOnlySpan<char>> Load()
    {
        var table = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (var line in SqliData.Keywords.AsSpan().EnumerateLines())
            if (line.Length > 1) table[line[1..].ToString()] = (byte)line[0];
        return table.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The type of <paramref name="word"/> (case-insensitive for a-z), or 0 when it is no entry.</summary>
    public static byte Lookup(ReadOnlySpan<byte> word)
    {
        if (word.Length == 0 || word.Length > MaxLength) return 0;
        Span<char> key = stackalloc char[word.Length];
        for (var i = 0; i < word.Length; i++)
        {
            var b = word[i];
            key[i] = (char)(b is >= (byte)'a' and <= (byte)'z' ? b - 0x20 : b);
        }
        return Table.TryGetValue(key, out var type) ? type : (byte)0;
    }
}
