using ProxyServer.Runtime.Dynamic.Etcd;

namespace ProxyServer.Runtime.Dynamic.KvMap;

/// <summary>
/// Evaluates a <see cref="KvMapDefinition"/> against a snapshot. The key is the prefix plus the input
/// lower-cased, without its port and trailing dot (what nginx's <c>$host</c> holds). With
/// <c>hostnames</c> the search follows nginx's <c>map ... { hostnames; }</c> precedence: the exact name
/// (a <c>.example.com</c> key also matches <c>example.com</c> itself), then the longest wildcard with a
/// leading asterisk (<c>*.example.com</c> or <c>.example.com</c>), then the longest with a trailing one
/// (<c>www.example.*</c>); nothing found gives the default.
/// </summary>
public static class KvMapLookup
{
    public static string? Lookup(KvMapDefinition map, KvSnapshot snapshot, string input)
    {
        var host = NormalizeHost(input);
        if (host.Length == 0) return map.Default;
        foreach (var candidate in Candidates(host, map.Hostnames))
        {
            if (snapshot.Get(map.Prefix + candidate) is { } value) return value;
        }
        return map.Default;
    }

    /// <summary>The keys (without prefix) tried for <paramref name="host"/>, best match first.</summary>
    public static IEnumerable<string> Candidates(string host, bool hostnames)
    {
        yield return host;
        if (!hostnames) yield break;
        yield return "." + host;
        // Leading wildcards, longest suffix first: a.b.example.com -> *.b.example.com, *.example.com, *.com
        for (var dot = host.IndexOf('.'); dot >= 0; dot = host.IndexOf('.', dot + 1))
        {
            var suffix = host[(dot + 1)..];
            if (suffix.Length == 0) break;
            yield return "*." + suffix;
            yield return "." + suffix;
        }
        // Trailing wildcards, longest head first: www.example.com -> www.example.*, www.*
        for (var dot = host.LastIndexOf('.'); dot > 0; dot = host.LastIndexOf('.', dot - 1))
        {
            yield return host[..(dot + 1)] + "*";
        }
    }

    /// <summary>Lower case, no <c>:port</c> (an IPv6 literal keeps its brackets), no trailing dot.</summary>
    public static string NormalizeHost(string input)
    {
        var host = input.Trim();
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            if (close > 0) host = host[..(close + 1)];
        }
        else
        {
            var colon = host.IndexOf(':');
            if (colon >= 0) host = host[..colon];
        }
        return host.TrimEnd('.').ToLowerInvariant();
    }
}
