using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Map;

/// <summary>
/// A compiled <c>map</c> body: exact keys (compared without case, as nginx's map hash
/// lower-cases), with <c>hostnames</c> also leading (<c>*.a.com</c>, <c>.a.com</c>) and trailing
/// (<c>www.a.*</c>) wildcards, then regexes in order (their captures feed the value), then default.
/// </summary>
public sealed class MapTable
{
    private readonly Dictionary<string, ComplexValue> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ComplexValue> _leading = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ComplexValue> _trailing = new(StringComparer.OrdinalIgnoreCase);
    private readonly OrderedRegexList<ComplexValue> _regexes = new();

    public ComplexValue? Default { get; set; }
    public bool Hostnames { get; init; }

    public bool AddExact(string key, ComplexValue value) => _exact.TryAdd(key, value);
    public bool AddLeading(string suffix, ComplexValue value) => _leading.TryAdd(suffix, value);
    public bool AddTrailing(string prefix, ComplexValue value) => _trailing.TryAdd(prefix, value);
    public void AddRegex(NginxRegex regex, ComplexValue value) => _regexes.Add(regex, value);

    public string Lookup(NginxRequest request, string key)
    {
        if (Hostnames && key.EndsWith('.')) key = key[..^1];
        if (_exact.TryGetValue(key, out var exact)) return exact.Evaluate(request);
        if (Hostnames)
        {
            for (var dot = key.IndexOf('.'); dot >= 0; dot = key.IndexOf('.', dot + 1))
                if (dot > 0 && _leading.TryGetValue(key[(dot + 1)..], out var leading)) return leading.Evaluate(request);
            for (var dot = key.LastIndexOf('.'); dot > 0; dot = key.LastIndexOf('.', dot - 1))
                if (dot < key.Length - 1 && _trailing.TryGetValue(key[..dot], out var trailing)) return trailing.Evaluate(request);
        }
        try
        {
            if (_regexes.TryMatch(key, request, out var matched)) return matched.Evaluate(request);
        }
        catch (RegexMatchLimitException)
        {
            // ngx_http_map_variable: ngx_http_map_find's NULL on a failed regex takes the default value.
        }
        return Default?.Evaluate(request) ?? "";
    }
}
