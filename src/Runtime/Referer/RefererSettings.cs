using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Referer;

/// <summary>
/// One level's <c>valid_referers</c> (ngx_http_referer_conf_t): host names (exact, <c>*.a.com</c> / <c>.a.com</c>
/// leading and <c>www.a.*</c> trailing wildcards, each with an optional URI prefix), the server's regex names,
/// regexes, and the <c>none</c> and <c>blocked</c> flags.
/// </summary>
public sealed class RefererSettings
{
    /// <summary>What a host name allows: any path (null) or paths starting with this prefix.</summary>
    private readonly Dictionary<string, string?> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _leading = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _trailing = new(StringComparer.Ordinal);

    public bool None { get; set; }
    public bool Blocked { get; set; }
    public List<NginxRegex> ServerNameRegexes { get; private set; } = [];
    public List<NginxRegex> Regexes { get; private set; } = [];

    /// <summary>ngx_conf_merge_ptr_value of the two regex lists: a level that lists none keeps its parent's.</summary>
    public void InheritRegexes(RefererSettings parent)
    {
        if (Regexes.Count == 0) Regexes = parent.Regexes;
        if (ServerNameRegexes.Count == 0) ServerNameRegexes = parent.ServerNameRegexes;
    }

    /// <summary>Any host name at all (the regexes do not count: "none" or "blocked" need one of these).</summary>
    public bool HasNames => _exact.Count + _leading.Count + _trailing.Count > 0;

    private bool Empty => !HasNames && ServerNameRegexes.Count == 0 && Regexes.Count == 0;

    /// <summary>
    /// ngx_hash_add_key with NGX_HASH_WILDCARD_KEY: null when added, else nginx's error (an invalid wildcard,
    /// or a name already listed).
    /// </summary>
    public string? Add(string name, string? uri)
    {
        var stars = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '*' && ++stars > 1) return Invalid(name);
            if (name[i] == '.' && i + 1 < name.Length && name[i + 1] == '.') return Invalid(name);
            if (name[i] == '\0') return Invalid(name);
        }
        var key = name.ToLowerInvariant();
        if (key.Length > 1 && key[0] == '.')
        {
            // ".a.com": a.com itself and every name below it.
            if (_exact.ContainsKey(key[1..]) || _leading.ContainsKey(key[1..])) return Conflicting(name);
            _exact[key[1..]] = uri;
            _leading[key[1..]] = uri;
            return null;
        }
        if (key.Length > 2 && key.StartsWith("*.", StringComparison.Ordinal))
            return _leading.TryAdd(key[2..], uri) ? null : Conflicting(name);
        if (key.Length > 2 && key.EndsWith(".*", StringComparison.Ordinal))
            return _trailing.TryAdd(key[..^2], uri) ? null : Conflicting(name);
        if (stars > 0) return Invalid(name);
        return _exact.TryAdd(key, uri) ? null : Conflicting(name);
    }

    private static string Invalid(string name) => $"invalid hostname or wildcard \"{name}\"";
    private static string Conflicting(string name) => $"conflicting parameter \"{name}\"";

    /// <summary>ngx_http_referer_variable: "" when the request's Referer is valid here, "1" when not.</summary>
    public string Evaluate(NginxRequest request)
    {
        if (Empty) return "";
        // The first Referer line (r->headers_in.referer).
        var lines = request.Http.Request.Headers.Referer;
        var referer = lines.Count == 0 ? null : lines[0] ?? "";
        if (referer is null) return None ? "" : "1";
        int start;
        if (referer.Length >= "http://i.ru".Length && referer.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) start = 7;
        else if (referer.Length >= "http://i.ru".Length && referer.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) start = 8;
        else return Blocked ? "" : "1";

        var end = start;
        while (end < referer.Length && referer[end] is not ('/' or ':'))
        {
            if (end - start == 256) return "1";
            end++;
        }
        var host = referer[start..end].ToLowerInvariant();
        if (Find(host, out var uri))
        {
            if (uri is null) return "";
            var slash = referer.IndexOf('/', end);
            var path = slash < 0 ? "" : referer[slash..];
            return path.StartsWith(uri, StringComparison.Ordinal) ? "" : "1";
        }
        try
        {
            foreach (var regex in ServerNameRegexes)
                if (regex.Match(host, request).Success) return "";
            var rest = referer[start..];
            foreach (var regex in Regexes)
                if (regex.Match(rest, request).Success) return "";
        }
        catch (RegexMatchLimitException)
        {
            // ngx_regex_exec_array's NGX_ERROR: the variable fails, which nginx's scripts take as not valid.
            return "1";
        }
        return "1";
    }

    /// <summary>ngx_hash_find_combined: the exact name, then the longest leading wildcard, then the longest trailing one.</summary>
    private bool Find(string host, out string? uri)
    {
        if (_exact.TryGetValue(host, out uri)) return true;
        for (var dot = host.IndexOf('.'); dot >= 0; dot = host.IndexOf('.', dot + 1))
            if (_leading.TryGetValue(host[(dot + 1)..], out uri)) return true;
        for (var dot = host.LastIndexOf('.'); dot > 0; dot = host.LastIndexOf('.', dot - 1))
            if (dot < host.Length - 1 && _trailing.TryGetValue(host[..dot], out uri)) return true;
        uri = null;
        return false;
    }
}
