using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Model;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Servers;

/// <summary>
/// nginx's virtual-name lookup for one address: exact names, then the longest leading wildcard
/// (<c>*.a.com</c>, <c>.a.com</c>), then the longest trailing wildcard (<c>www.a.*</c>), then the
/// first regex in config order (of those whose literals the host has). Exact and wildcard lookups are hash probes per label (on spans of
/// the host: no substring per probe), so their cost does not grow with the number of names.
/// </summary>
public sealed class ServerNameTable
{
    private readonly Dictionary<string, VirtualServer> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VirtualServer> _leading = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VirtualServer> _trailing = new(StringComparer.Ordinal);
    private readonly OrderedRegexList<VirtualServer> _regexes = new();

    public int Count => _exact.Count + _leading.Count + _trailing.Count + _regexes.Count;

    /// <summary>Adds an exact name; false when another server already owns it (nginx warns and keeps the first).</summary>
    public bool AddExact(string name, VirtualServer server) => _exact.TryAdd(name, server);

    /// <summary><c>*.a.com</c> is stored as <c>a.com</c>: any host ending in <c>.a.com</c>.</summary>
    public bool AddLeading(string suffix, VirtualServer server) => _leading.TryAdd(suffix, server);

    /// <summary><c>www.a.*</c> is stored as <c>www.a</c>: any host starting with <c>www.a.</c> and one more label.</summary>
    public bool AddTrailing(string prefix, VirtualServer server) => _trailing.TryAdd(prefix, server);

    public void AddRegex(NginxRegex regex, VirtualServer server) => _regexes.Add(regex, server);

    /// <summary>Finds the server for a validated host ("" for none); a matching regex sets the request's captures.</summary>
    public VirtualServer? Find(string host, NginxRequest? request)
    {
        if (_exact.TryGetValue(host, out var exact)) return exact;

        if (_leading.Count > 0)
        {
            for (var dot = host.IndexOf('.'); dot >= 0; dot = host.IndexOf('.', dot + 1))
            {
                if (dot == 0) continue;
                if (_leading.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(host.AsSpan(dot + 1), out var leading)) return leading;
            }
        }

        if (_trailing.Count > 0)
        {
            for (var dot = host.LastIndexOf('.'); dot > 0; dot = host.LastIndexOf('.', dot - 1))
            {
                if (dot == host.Length - 1) continue;
                if (_trailing.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(host.AsSpan(0, dot), out var trailing)) return trailing;
            }
        }

        return host.Length > 0 && _regexes.TryMatch(host, request, out var named) ? named : null;
    }
}
