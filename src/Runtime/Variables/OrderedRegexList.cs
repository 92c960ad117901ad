using System.Buffers;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Variables;

/// <summary>
/// Regexes tried in config order, the first match winning, as nginx tries regex server names and
/// map keys. nginx runs every regex until one matches, so a host matching the 1,000th name pays for
/// 1,000 regex runs; here regexes are indexed by the literal prefix or suffix they require
/// (<see cref="RegexLiterals"/>) and only those whose literals the input has are run, still in
/// config order. The answer is nginx's: a skipped regex is one that could not have matched.
/// </summary>
public sealed class OrderedRegexList<T>
{
    private readonly List<Entry> _entries = [];
    private Index? _index;

    public int Count => _entries.Count;

    public void Add(NginxRegex regex, T value)
    {
        var (prefix, suffix) = regex.Caseless ? ("", "") : RegexLiterals.RequiredAffixes(regex.Source);
        _entries.Add(new Entry(regex, value, prefix, suffix));
        _index = null;
    }

    /// <summary>
    /// The value of the first regex matching <paramref name="input"/>; with a request, the match
    /// becomes its captures (and named-capture variables). A regex that gives up ends the search
    /// with <see cref="RegexMatchLimitException"/>, as ngx_http_find_virtual_server and ngx_http_map_find
    /// stop at NGX_ERROR.
    /// </summary>
    public bool TryMatch(string input, NginxRequest? request, out T value)
    {
        value = default!;
        if (_entries.Count == 0) return false;
        var index = _index ??= new Index(_entries);
        // PCRE's `$` also matches before a final newline: such an input may lack the suffix as indexed.
        if (input.EndsWith('\n')) return TryEach(index.All, input, request, checkSuffix: false, out value);

        var count = index.Collect(input, []);
        var rented = count > 256 ? ArrayPool<int>.Shared.Rent(count) : null;
        var candidates = rented is null ? stackalloc int[count] : rented.AsSpan(0, count);
        try
        {
            index.Collect(input, candidates);
            candidates.Sort();
            return TryEach(candidates, input, request, checkSuffix: true, out value);
        }
        finally
        {
            if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        }
    }

    private bool TryEach(ReadOnlySpan<int> candidates, string input, NginxRequest? request, bool checkSuffix, out T value)
    {
        foreach (var i in candidates)
        {
            var entry = _entries[i];
            if (checkSuffix && !input.EndsWith(entry.Suffix, StringComparison.Ordinal)) continue;
            if (request is null ? entry.Regex.Match(input).Success : entry.Regex.Match(request, input))
            {
                value = entry.Value;
                return true;
            }
        }
        value = default!;
        return false;
    }

    private sealed record Entry(NginxRegex Regex, T Value, string Prefix, string Suffix);

    /// <summary>
    /// Entry numbers by required prefix, by required suffix (entries without a prefix), and those
    /// with neither; lookups probe each distinct literal length on spans of the input.
    /// </summary>
    private sealed class Index
    {
        private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _byPrefix;
        private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _bySuffix;
        private readonly int[] _prefixLengths;
        private readonly int[] _suffixLengths;
        private readonly int[] _unindexed;

        public Index(List<Entry> entries)
        {
            All = Enumerable.Range(0, entries.Count).ToArray();
            var prefixed = All.Where(i => entries[i].Prefix.Length > 0).ToArray();
            var suffixed = All.Where(i => entries[i].Prefix.Length == 0 && entries[i].Suffix.Length > 0).ToArray();
            var byPrefix = ByLiteral(prefixed, i => entries[i].Prefix);
            var bySuffix = ByLiteral(suffixed, i => entries[i].Suffix);
            _byPrefix = byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
            _bySuffix = bySuffix.GetAlternateLookup<ReadOnlySpan<char>>();
            _prefixLengths = byPrefix.Keys.Select(k => k.Length).Distinct().ToArray();
            _suffixLengths = bySuffix.Keys.Select(k => k.Length).Distinct().ToArray();
            _unindexed = All.Except(prefixed).Except(suffixed).ToArray();
        }

        public int[] All { get; }

        /// <summary>
        /// Writes the entries <paramref name="input"/> has the literals of into <paramref name="into"/>,
        /// unordered, and returns how many there are (with an empty span: only counts them).
        /// </summary>
        public int Collect(string input, Span<int> into)
        {
            var count = Append(_unindexed, into, 0);
            foreach (var length in _prefixLengths)
                if (length <= input.Length && _byPrefix.TryGetValue(input.AsSpan(0, length), out var found))
                    count = Append(found, into, count);
            foreach (var length in _suffixLengths)
                if (length <= input.Length && _bySuffix.TryGetValue(input.AsSpan(input.Length - length), out var found))
                    count = Append(found, into, count);
            return count;
        }

        private static int Append(int[] found, Span<int> into, int at)
        {
            if (into.Length >= at + found.Length) found.CopyTo(into[at..]);
            return at + found.Length;
        }

        private static Dictionary<string, int[]> ByLiteral(int[] members, Func<int, string> literal) =>
            members.GroupBy(literal, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }
}
