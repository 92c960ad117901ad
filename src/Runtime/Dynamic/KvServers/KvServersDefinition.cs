using System.Collections.Immutable;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Dynamic.KvServers;

/// <summary>
/// Our <c>kv_servers SOURCE PREFIX;</c> inside an upstream: the group's servers are the values under
/// the prefix, in key order (so every proxy instance builds the same list from the same revision).
/// </summary>
public sealed record KvServersDefinition(string SourceName, string Prefix)
{
    /// <summary>The servers in <paramref name="snapshot"/>; values that do not parse were refused by the source and are skipped.</summary>
    public ImmutableArray<UpstreamServer> ServersIn(KvSnapshot snapshot)
    {
        var servers = ImmutableArray.CreateBuilder<UpstreamServer>();
        foreach (var (_, value) in snapshot.Under(Prefix))
        {
            if (KvServerLine.Parse(value).Server is { } server) servers.Add(server);
        }
        return servers.ToImmutable();
    }

    public KvWatchedPrefix Watch() => new(Prefix, KvServerLine.Validate);
}
