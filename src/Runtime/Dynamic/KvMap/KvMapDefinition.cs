using ProxyServer.Runtime.Dynamic.Etcd;

namespace ProxyServer.Runtime.Dynamic.KvMap;

/// <summary>
/// Our <c>kv_map $host $backend { source main /proxy/hosts/; hostnames; default maintenance; }</c>:
/// like nginx's <c>map</c>, but the table lives in etcd under <see cref="Prefix"/> of source
/// <see cref="SourceName"/>, one key per host name.
/// </summary>
public sealed record KvMapDefinition(
    string InputVariable,
    string ResultVariable,
    string SourceName,
    string Prefix,
    bool Hostnames,
    string? Default)
{
    /// <summary>What the source must watch for this map, with the check its values must pass.</summary>
    public KvWatchedPrefix Watch() => new(Prefix, KvMapValue.Validate);
}
