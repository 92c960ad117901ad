using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Dynamic.Dns;
using ProxyServer.Runtime.Dynamic.Etcd;

namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// The etcd watches (<c>kv_source</c>) and DNS refreshers (<c>server NAME resolve</c>) one process runs,
/// part of its <see cref="Model.ProcessCycle"/>. Three moments, as nginx's cycle reuses what an
/// unchanged config keeps:
/// <list type="bullet">
/// <item>Compile (<see cref="KvSourceFor"/>, <see cref="PeerSetFor"/>): an unchanged definition gets the
/// running worker back; a new one is created and not started. Nothing here changes.</item>
/// <item>Serve (<see cref="StartAsync"/>): before a model is swapped in, its new workers start and their
/// first answer is awaited (bounded), then its live upstream groups start following them.</item>
/// <item>Retire (<see cref="RetireAsync"/>): once a model serves, the groups of the one it replaced stop
/// following, and the workers it does not use stop. A refused reload started nothing.</item>
/// </list>
/// </summary>
public sealed class DynamicWorkers(KvSourceOptions? options = null)
{
    private readonly RunningSet<KvSource> _sources = new();
    private readonly RunningSet<ResolvingPeerSet> _peerSets = new();

    /// <summary>Timing of every source this process starts (tests shorten it).</summary>
    public KvSourceOptions Options { get; } = options ?? new KvSourceOptions();

    /// <summary>Where the workers' lines go: the serving model's error log, bound when a model starts serving.</summary>
    public DynamicErrorLog Log { get; } = new();

    /// <summary>How many sources (etcd connections) run now.</summary>
    public int KvSourceCount => _sources.Count;

    /// <summary>How many names are being re-resolved now.</summary>
    public int PeerSetCount => _peerSets.Count;

    /// <summary>The running source for these settings and prefixes, else a new one, not started.</summary>
    public KvSource KvSourceFor(KvSourceSettings settings, IReadOnlyList<KvWatchedPrefix> prefixes) =>
        _sources.Find(Key(settings, prefixes)) ?? new KvSource(settings, prefixes, Log, Options);

    /// <summary>The running refresher of <paramref name="host"/>:<paramref name="port"/> with this resolver's settings, else a new one, not started.</summary>
    public ResolvingPeerSet PeerSetFor(string host, int port, DnsNameResolver resolver) =>
        _peerSets.Find(Key(host, port, resolver.Settings)) ?? new ResolvingPeerSet(host, port, resolver, Log);

    /// <summary>
    /// Starts what <paramref name="routing"/> uses and the process does not run yet, waits for their
    /// first answers (the cache file or etcd's first read; the first lookup), bounded, so the model
    /// serves from its first request with data; then its live groups follow their workers.
    /// </summary>
    public async Task StartAsync(DynamicRouting routing)
    {
        var waits = new List<Task>();
        foreach (var source in routing.Sources)
        {
            var key = Key(source.Settings, source.Prefixes);
            if (_sources.Runs(key, source)) continue;
            source.Start();
            _sources.Add(key, source);
            waits.Add(source.Ready.WaitAsync(Options.RequestTimeout));
        }
        foreach (var peers in routing.LiveUpstreams.Values.SelectMany(g => g.PeerSets).Distinct())
        {
            var key = Key(peers.Host, peers.Port, peers.Resolver.Settings);
            if (_peerSets.Runs(key, peers)) continue;
            peers.Start();
            _peerSets.Add(key, peers);
            waits.Add(peers.FirstAnswer.WaitAsync(peers.Resolver.Settings.Timeout + TimeSpan.FromSeconds(1)));
        }
        try
        {
            await Task.WhenAll(waits);
        }
        catch (TimeoutException)
        {
            // etcd or DNS did not answer in time: serve what there is; the workers go on trying.
        }
        foreach (var group in routing.LiveUpstreams.Values) group.Start();
    }

    /// <summary>
    /// <paramref name="serving"/> now serves in place of <paramref name="replaced"/>: the replaced groups
    /// stop following, and every worker the serving model does not use stops (its etcd watches close).
    /// Requests still in flight on the replaced model keep reading its last snapshot.
    /// </summary>
    public async Task RetireAsync(DynamicRouting? replaced, DynamicRouting? serving)
    {
        var groups = serving?.LiveUpstreams.Values.ToHashSet() ?? [];
        foreach (var group in replaced?.LiveUpstreams.Values ?? [])
            if (!groups.Contains(group)) group.Dispose();
        await _sources.RetainOnlyAsync(serving?.Sources.ToHashSet() ?? []);
        await _peerSets.RetainOnlyAsync(groups.SelectMany(g => g.PeerSets).ToHashSet());
    }

    /// <summary>Stops every worker (the process exits).</summary>
    public Task StopAsync() => RetireAsync(null, null);

    private static string Key(KvSourceSettings settings, IEnumerable<KvWatchedPrefix> prefixes) =>
        string.Join('\n', [settings.Name, string.Join(',', settings.Endpoints), settings.CachePath ?? "",
            .. prefixes.Select(p => p.Prefix).Order(StringComparer.Ordinal)]);

    internal static string Key(string host, int port, ResolverSettings settings) =>
        $"{string.Join(',', settings.Servers)} {settings.Valid} {settings.Ipv4} {settings.Ipv6} {host}:{port}";
}
