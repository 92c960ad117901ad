using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Dynamic.Etcd;

namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// The running kv sources of this process. A reload that keeps a <c>kv_source</c> and its prefixes
/// unchanged gets the same source back: its watch goes on, nothing is read again. A changed one
/// gets a new source (the old keeps running until the process ends: a reload has no "model retired"
/// moment to stop it at).
/// </summary>
public static class KvSourceRegistry
{
    private static readonly Dictionary<string, KvSource> Running = new(StringComparer.Ordinal);

    /// <summary>Options for every source this process starts; tests shorten the timings.</summary>
    public static KvSourceOptions Options { get; set; } = new();

    /// <summary>Every running source's status, for the status API.</summary>
    public static IReadOnlyList<Etcd.KvSourceStatus> Statuses()
    {
        lock (Running) return Running.Values.Select(source => source.Status).ToList();
    }

    public static KvSource Acquire(KvSourceSettings settings, IReadOnlyList<KvWatchedPrefix> prefixes)
    {
        var key = string.Join('\n', [settings.Name, string.Join(',', settings.Endpoints), settings.CachePath ?? "",
            .. prefixes.Select(p => p.Prefix).Order(StringComparer.Ordinal)]);
        lock (Running)
        {
            if (!Running.TryGetValue(key, out var source))
            {
                source = new KvSource(settings, prefixes, DynamicErrorLog.Shared, Options);
                Running[key] = source;
                source.Start();
                // Serve the first read (or the cache) from the first request on; bounded when etcd is down.
                source.Ready.Wait(Options.RequestTimeout);
            }
            return source;
        }
    }
}
