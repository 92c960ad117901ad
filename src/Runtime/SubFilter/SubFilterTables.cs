namespace ProxyServer.Runtime.SubFilter;

/// <summary>One <c>sub_filter</c> pair: the text to find (lower-cased bytes) and the index of its replacement.</summary>
public sealed record SubFilterMatch(byte[] Text, int Pair);

/// <summary>
/// ngx_http_sub_init_tables: the strings sorted (stably) by their byte at the shortest length minus one,
/// a shift per byte (how far the scan may jump when that byte ends a window of the shortest length) and,
/// per byte, the range of strings whose byte at that position it is.
/// </summary>
public sealed class SubFilterTables
{
    private SubFilterTables(SubFilterMatch[] matches, int min, int max, byte[] shift, int[] index)
    {
        Matches = matches;
        MinLength = min;
        MaxLength = max;
        Shift = shift;
        Index = index;
    }

    public SubFilterMatch[] Matches { get; }
    public int MinLength { get; }
    public int MaxLength { get; }
    public byte[] Shift { get; }

    /// <summary>257 entries: the strings whose key byte is c are Matches[Index[c]..Index[c + 1]].</summary>
    public int[] Index { get; }

    public static SubFilterTables Build(IReadOnlyList<SubFilterMatch> unsorted)
    {
        var min = unsorted.Min(m => m.Text.Length);
        var max = unsorted.Max(m => m.Text.Length);
        var key = min - 1;
        var matches = unsorted.OrderBy(m => m.Text[key]).ToArray();
        var limit = Math.Min(min, 255);
        var shift = new byte[256];
        Array.Fill(shift, (byte)limit);
        var index = new int[257];
        var ch = 0;
        for (var i = 0; i < matches.Length; i++)
        {
            for (var j = 0; j < limit; j++)
            {
                var c = matches[i].Text[min - 1 - j];
                shift[c] = (byte)Math.Min(shift[c], j);
            }
            var keyByte = matches[i].Text[min - 1];
            while (ch <= keyByte) index[ch++] = i;
        }
        while (ch < 257) index[ch++] = matches.Length;
        return new SubFilterTables(matches, min, max, shift, index);
    }
}
