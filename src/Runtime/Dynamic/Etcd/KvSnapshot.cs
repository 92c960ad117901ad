using System.Collections.Immutable;

namespace ProxyServer.Runtime.Dynamic.Etcd;

/// <summary>
/// What one key/value source serves at one moment: the accepted value of every watched key and the
/// etcd revision it reflects. Immutable: an update builds a new snapshot and swaps one reference, so a
/// request sees either all of an etcd transaction or none of it.
/// </summary>
public sealed record KvSnapshot(long Revision, ImmutableSortedDictionary<string, string> Entries, bool FromCache)
{
    public static KvSnapshot Empty { get; } = new(0, ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal), false);

    public string? Get(string key) => Entries.TryGetValue(key, out var value) ? value : null;

    /// <summary>The entries under <paramref name="prefix"/>, in key order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Under(string prefix) =>
        Entries.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal));
}
