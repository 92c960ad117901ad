using ProxyServer.Runtime.Upstream.Config;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Upstream;

/// <summary>An upstream group of the loaded model: its definition, its live balancer, its compiled hash key.</summary>
public sealed class CompiledUpstream(UpstreamDefinition definition, bool isImplicit)
{
    public UpstreamDefinition Definition { get; } = definition;
    public UpstreamGroup Group { get; } = definition.CreateGroup();

    /// <summary>How connections to the peers are kept (<c>keepalive</c>); null when closed after each request.</summary>
    public UpstreamKeepalive? Keepalive { get; } = definition.KeepaliveSettings;

    /// <summary>Made by <c>proxy_pass http://host:port</c> rather than an <c>upstream</c> block.</summary>
    public bool IsImplicit { get; } = isImplicit;

    /// <summary><c>hash KEY</c>'s key, compiled once every variable is known.</summary>
    public ComplexValue? HashKey { get; internal set; }

    public string Name => Definition.Name;
}

/// <summary>
/// Every upstream group of one loaded model, by name (compared case-insensitively, as nginx does).
/// Explicit groups come from <c>upstream</c> blocks; a <c>proxy_pass</c> to host:port gets an implicit
/// group shared by every location naming the same host:port, so failures are counted once, as in nginx.
/// A reload builds a new registry: peer state starts afresh, as nginx's does without a shared zone.
/// </summary>
public sealed class UpstreamRegistry(Func<string, System.Net.IPAddress[]>? resolve = null)
{
    private readonly Dictionary<string, CompiledUpstream> _explicit = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CompiledUpstream> _implicit = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<CompiledUpstream> All => _explicit.Values.Concat(_implicit.Values);

    public void Add(UpstreamDefinition definition) => _explicit[definition.Name] = new CompiledUpstream(definition, isImplicit: false);

    /// <summary>The <c>upstream</c> block named <paramref name="name"/>, or null.</summary>
    public CompiledUpstream? Find(string name) => _explicit.GetValueOrDefault(name);

    /// <summary>The implicit group a <c>proxy_pass</c> to exactly <paramref name="hostAndPort"/> made, or null.</summary>
    public CompiledUpstream? FindImplicit(string hostAndPort) => _implicit.GetValueOrDefault(hostAndPort);

    /// <summary>
    /// The implicit group for <c>host[:port]</c>: every address the host resolves to, weight 1,
    /// max_fails=1 fail_timeout=10s; null with nginx's message when it does not resolve.
    /// </summary>
    public (CompiledUpstream? Upstream, string? Error) Implicit(string hostAndPort, NginxConf.Syntax.SourcePosition at)
    {
        if (_implicit.TryGetValue(hostAndPort, out var existing)) return (existing, null);
        var (addresses, error) = UpstreamAddressParser.Parse(hostAndPort, resolve);
        if (error is not null) return (null, error);
        var definition = new UpstreamDefinition(hostAndPort, BalancingMethod.RoundRobin, [new UpstreamServer(hostAndPort, addresses)], at);
        var compiled = new CompiledUpstream(definition, isImplicit: true);
        _implicit[hostAndPort] = compiled;
        return (compiled, null);
    }
}
