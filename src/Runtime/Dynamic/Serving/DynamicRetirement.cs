using ProxyServer.Runtime.Dynamic.Dns;
using ProxyServer.Runtime.Dynamic.LiveUpstream;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// The "model retired" moment of the dynamic parts. Every compile acquires its kv sources and DNS
/// refreshers (getting running ones back when unchanged) and builds live upstream groups that follow
/// them. Once a reload is decided (the new model swapped in, or the new config refused), whatever
/// the serving model does not use stops: old etcd watches close, old groups stop following changes.
/// Requests still in flight on a retired model keep reading its last snapshot.
/// </summary>
public static class DynamicRetirement
{
    /// <summary>Groups built by compiles and not retired yet (a refused compile's groups included).</summary>
    private static readonly List<LiveUpstreamGroup> Groups = [];

    internal static void Track(LiveUpstreamGroup group)
    {
        lock (Groups) Groups.Add(group);
    }

    /// <summary>Stops every dynamic worker and group <paramref name="serving"/> does not use.</summary>
    public static async Task RetireUnusedAsync(RuntimeModel serving)
    {
        var routing = serving.Features.Get<DynamicRouting>();
        var groups = routing?.LiveUpstreams.Values.ToHashSet() ?? [];
        lock (Groups)
        {
            foreach (var group in Groups.Where(g => !groups.Contains(g))) group.Dispose();
            Groups.RemoveAll(g => !groups.Contains(g));
        }
        await KvSourceRegistry.RetainOnlyAsync(routing?.Sources.ToHashSet() ?? []);
        await ResolvingPeerSetRegistry.RetainOnlyAsync(groups.SelectMany(g => g.PeerSets).ToHashSet<ResolvingPeerSet>());
    }
}
