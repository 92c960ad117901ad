using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Dynamic.Etcd;

namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// The running kv sources of this process. A reload that keeps a <c>kv_source</c> and its prefixes
/// unchanged gets the same source back: its watch goes on, nothing is read again. A changed one
/// gets a new source; the old one stops once the new model serves (<see cref="DynamicRetirement"/>).
/// </summary>
public static class KvSourceRegistry
{
    private static readonly RunningSet<KvSource> Running = new();

    /// <summary>Options for every source this process starts; tests shorten the timings.</summary>
    public static KvSourceOptions Options { get; set; } = new();

    /// <summary>How many sources (etcd connections) run now.</summary>
    public static int Count => Running.Count;

    /// <summary>Every running source's status, for the status API.</summary>
    public static IReadOnlyList<Etcd.KvSourceStatus> Statuses() => Running.All().Select(source => source.Status).ToList();

    public static KvSource Acquire(KvSourceSettings settings, IReadOnlyList<KvWatchedPrefix> prefixes)
    {
        var key = string.Join('\n', [settings.Name, string.Join(',', settings.Endpoints), settings.CachePath ?? "",
            .. prefixes.Select(p => p.Prefix).Order(StringComparer.Ordinal)]);
        return Running.GetOrStart(key, () =>
        {
            var source = new KvSource(settings, prefixes, DynamicErrorLog.Shared, Options);
            source.Start();
            // Serve the first read (or the cache) from the first request on; bounded when etcd is down.
            source.Ready.Wait(Options.RequestTimeout);
            return source;
        });
    }

    /// <summary>Stops every running source not in <paramref name="inUse"/> (the serving model's), closing its watches.</summary>
    internal static Task RetainOnlyAsync(IReadOnlyCollection<KvSource> inUse) => Running.RetainOnlyAsync(inUse);
}
