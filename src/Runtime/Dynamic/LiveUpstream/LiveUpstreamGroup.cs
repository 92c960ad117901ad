using System.Net;
using Microsoft.Extensions.Logging;
using ProxyServer.Runtime.Dynamic.Dns;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.KvServers;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Dynamic.LiveUpstream;

/// <summary>
/// An <c>upstream</c> whose peers change without a reload: its static servers, plus the servers under
/// each <c>kv_servers</c> prefix, plus one peer per address of each <c>server NAME resolve</c>.
/// Every change builds a new <see cref="UpstreamGroup"/> and swaps one reference; a request keeps the
/// group it started with. Peer state (fails, weights) starts afresh in a new group, as nginx's does
/// when a resolved server's addresses change. Built by a compile without touching its sources;
/// <see cref="Start"/> (by the process, before the model serves) builds the first group and follows them.
/// </summary>
public sealed class LiveUpstreamGroup : IDisposable
{
    private readonly string _name;
    private readonly BalancingMethod _method;
    private readonly IReadOnlyList<UpstreamServer> _static;
    private readonly IReadOnlyList<(KvSource Source, KvServersDefinition Definition)> _kvServers;
    private readonly IReadOnlyList<(ResolvableServer Server, ResolvingPeerSet Peers)> _resolved;
    private readonly ILogger _logger;
    private readonly Lock _rebuild = new();
    private volatile UpstreamGroup? _current;
    private string _signature = "";

    public LiveUpstreamGroup(string name, BalancingMethod method, IReadOnlyList<UpstreamServer> staticServers,
        IReadOnlyList<(KvSource Source, KvServersDefinition Definition)> kvServers,
        IReadOnlyList<(ResolvableServer Server, ResolvingPeerSet Peers)> resolved, ILogger logger)
    {
        _name = name;
        _method = method;
        _static = staticServers;
        _kvServers = kvServers;
        _resolved = resolved;
        _logger = logger;
    }

    /// <summary>Builds the group from what its sources hold now, then follows their changes.</summary>
    public void Start()
    {
        foreach (var (source, _) in _kvServers) source.Changed += OnSnapshot;
        foreach (var (_, peers) in _resolved) peers.Changed += OnPeers;
        Rebuild();
    }

    public string Name => _name;

    /// <summary>The DNS refreshers this group follows (kept running while a serving model uses the group).</summary>
    public IEnumerable<ResolvingPeerSet> PeerSets => _resolved.Select(r => r.Peers);

    /// <summary>The group to balance this request over; null while no primary server exists (the request gets 502).</summary>
    public UpstreamGroup? Current => _current;

    /// <summary>Raised after each swap of <see cref="Current"/>.</summary>
    public event Action<UpstreamGroup?>? Changed;

    /// <summary>The servers as of now: static ones first, then kv_servers in key order, then resolved addresses.</summary>
    public IReadOnlyList<UpstreamServer> Servers()
    {
        var servers = new List<UpstreamServer>(_static);
        foreach (var (source, definition) in _kvServers) servers.AddRange(definition.ServersIn(source.Current));
        foreach (var (server, peers) in _resolved)
        {
            var addresses = peers.Peers;
            if (!addresses.IsEmpty) servers.Add(server.Template with { Addresses = [.. addresses.Cast<EndPoint>()] });
        }
        return servers;
    }

    private void OnSnapshot(KvSnapshot _) => Rebuild();

    private void OnPeers(System.Collections.Immutable.ImmutableArray<IPEndPoint> _) => Rebuild();

    /// <summary>Stops following the sources (a reload replaced this group); they may live on for the new one.</summary>
    public void Dispose()
    {
        foreach (var (source, _) in _kvServers) source.Changed -= OnSnapshot;
        foreach (var (_, peers) in _resolved) peers.Changed -= OnPeers;
    }

    private void Rebuild()
    {
        lock (_rebuild)
        {
            var servers = Servers();
            var signature = string.Join('\n', servers.Select(Describe));
            if (signature == _signature && _signature.Length > 0) return;
            _signature = signature;
            UpstreamGroup? group = null;
            if (servers.Any(s => !s.Backup && s.Addresses.Count > 0))
                group = new UpstreamGroup(_name, servers.Where(s => s.Addresses.Count > 0).ToList(), _method);
            else
                _logger.LogWarning("upstream \"{Upstream}\" has no servers now; requests get 502 until one appears", _name);
            _current = group;
            Changed?.Invoke(group);
        }
    }

    private static string Describe(UpstreamServer s) =>
        $"{s.Name} {string.Join(',', s.Addresses)} w={s.Weight} f={s.MaxFails}/{s.FailTimeout} c={s.MaxConns} b={s.Backup} d={s.Down} dr={s.Drain}";
}
