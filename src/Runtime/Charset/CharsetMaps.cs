using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;

namespace ProxyServer.Runtime.Charset;

/// <summary>
/// One direction of a <c>charset_map</c>: between two 8-bit charsets a byte table; from an 8-bit charset to utf-8
/// each byte's UTF-8 bytes; from utf-8 the byte of each code point up to U+FFFF (0: none, sent as <c>&amp;#N;</c>).
/// Bytes below 0x80 map to themselves, others not listed to <c>?</c> (ngx_http_charset_map_block).
/// </summary>
public sealed class CharsetTable
{
    public byte[]? Bytes { get; init; }
    public byte[][]? ToUtf8 { get; init; }
    public Dictionary<int, byte>? FromUtf8 { get; init; }
}

/// <summary>
/// The http level's <c>charset_map</c> blocks (ngx_http_charset_map_block, ngx_http_charset_map): every charset name
/// met (maps, <c>charset</c>, <c>source_charset</c>) compared without case, and the tables between them both ways.
/// </summary>
public sealed class CharsetMaps
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Source, string Destination), CharsetTable> _tables = new(new PairComparer());

    /// <summary>A charset this configuration names (ngx_http_get_charset found it).</summary>
    public bool Knows(string name) => _names.Contains(name);

    public void Add(string name) => _names.Add(name);

    public CharsetTable? Table(string source, string destination) => _tables.GetValueOrDefault((source, destination));

    public bool HasTable(string source, string destination) => _tables.ContainsKey((source, destination));

    public static CharsetMaps Compile(DirectiveScope http, CompileContext context)
    {
        var maps = new CharsetMaps();
        foreach (var block in http.Own(CharsetDirectives.Map))
        {
            if (block.Args.Count != 2 || block.Block is null) continue;
            var source = block.Args[0].Value;
            var destination = block.Args[1].Value;
            maps.Add(source);
            maps.Add(destination);
            if (string.Equals(source, destination, StringComparison.OrdinalIgnoreCase))
            {
                context.Error($"\"charset_map\" between the same charsets \"{source}\" and \"{destination}\"", block.Position);
                continue;
            }
            if (maps.HasTable(source, destination) || maps.HasTable(destination, source))
            {
                context.Error($"duplicate \"charset_map\" between \"{source}\" and \"{destination}\"", block.Position);
                continue;
            }
            var (forward, backward) = string.Equals(destination, "utf-8", StringComparison.OrdinalIgnoreCase)
                ? Utf8Map(block, context)
                : ByteMap(block, context);
            maps._tables[(source, destination)] = forward;
            maps._tables[(destination, source)] = backward;
        }
        return maps;
    }

    private static (CharsetTable, CharsetTable) ByteMap(ConfigDirective block, CompileContext context)
    {
        var forward = new byte[256];
        var backward = new byte[256];
        for (var i = 0; i < 256; i++) forward[i] = backward[i] = i < 128 ? (byte)i : (byte)'?';
        foreach (var entry in block.Block!)
        {
            if (Entry(entry, context) is not { } pair) continue;
            if (Hex(pair.To) is not { } to || to > 255)
            {
                context.Error($"invalid value \"{pair.To}\"", entry.Position);
                continue;
            }
            forward[pair.From] = (byte)to;
            backward[to] = (byte)pair.From;
        }
        return (new CharsetTable { Bytes = forward }, new CharsetTable { Bytes = backward });
    }

    private static (CharsetTable, CharsetTable) Utf8Map(ConfigDirective block, CompileContext context)
    {
        var toUtf8 = new byte[256][];
        var fromUtf8 = new Dictionary<int, byte>();
        for (var i = 0; i < 256; i++) toUtf8[i] = i < 128 ? [(byte)i] : [(byte)'?'];
        for (var i = 0; i < 128; i++) fromUtf8[i] = (byte)i;
        foreach (var entry in block.Block!)
        {
            if (Entry(entry, context) is not { } pair) continue;
            var text = pair.To;
            var bytes = new byte[text.Length / 2];
            var valid = text.Length % 2 == 0;
            for (var i = 0; valid && i < text.Length; i += 2)
            {
                if (Hex(text.Substring(i, 2)) is { } b) bytes[i / 2] = (byte)b;
                else valid = false;
            }
            var rune = valid && bytes.Length > 0 ? DecodeUtf8(bytes) : -1;
            if (!valid || rune < 0 || rune > 0xffff)
            {
                context.Error($"invalid value \"{text}\"", entry.Position);
                continue;
            }
            toUtf8[pair.From] = bytes;
            fromUtf8[rune] = (byte)pair.From;
        }
        return (new CharsetTable { ToUtf8 = toUtf8 }, new CharsetTable { FromUtf8 = fromUtf8 });
    }

    /// <summary>One <c>XX YY;</c> line: the source byte in hex, and the destination as written.</summary>
    private static (int From, string To)? Entry(ConfigDirective entry, CompileContext context)
    {
        if (entry.Args.Count != 1)
        {
            context.Error("invalid parameters number", entry.Position);
            return null;
        }
        if (Hex(entry.Name) is not { } from || from > 255)
        {
            context.Error($"invalid value \"{entry.Name}\"", entry.Position);
            return null;
        }
        return (from, entry.Args[0].Value);
    }

    /// <summary>ngx_hextoi.</summary>
    private static int? Hex(string text)
    {
        if (text.Length == 0 || text.Length > 7) return null;
        var value = 0;
        foreach (var c in text)
        {
            var digit = c switch { >= '0' and <= '9' => c - '0', >= 'a' and <= 'f' => c - 'a' + 10, >= 'A' and <= 'F' => c - 'A' + 10, _ => -1 };
            if (digit < 0) return null;
            value = value * 16 + digit;
        }
        return value;
    }

    /// <summary>The code point of one UTF-8 sequence (ngx_utf8_decode), or -1.</summary>
    private static int DecodeUtf8(byte[] bytes)
    {
        var pos = 0;
        if (bytes[0] < 0x80) return bytes[0];
        var rune = Utf8Sequence.Decode(bytes, ref pos);
        return rune > 0x10ffff ? -1 : (int)rune;
    }

    private sealed class PairComparer : IEqualityComparer<(string, string)>
    {
        public bool Equals((string, string) x, (string, string) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Item1, y.Item1) && StringComparer.OrdinalIgnoreCase.Equals(x.Item2, y.Item2);

        public int GetHashCode((string, string) pair) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(pair.Item1), StringComparer.OrdinalIgnoreCase.GetHashCode(pair.Item2));
    }
}
