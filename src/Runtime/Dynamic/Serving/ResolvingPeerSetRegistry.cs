using ProxyServer.Runtime.Dynamic.Dns;

namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// The running <c>server NAME resolve</c> refreshers of this process, one per (resolver servers, name,
/// port): a reload that keeps them gets the same one back, its peers already known.
/// </summary>
public static class ResolvingPeerSetRegistry
{
    private static readonly Dictionary<string, ResolvingPeerSet> Running = new(StringComparer.Ordinal);

    public static ResolvingPeerSet Acquire(string host, int port, DnsNameResolver resolver)
    {
        var settings = resolver.Settings;
        var key = $"{string.Join(',', settings.Servers)} {settings.Valid} {settings.Ipv4} {settings.Ipv6} {host}:{port}";
        lock (Running)
        {
            if (!Running.TryGetValue(key, out var peers))
            {
                peers = new ResolvingPeerSet(host, port, resolver, DynamicErrorLog.Shared);
                Running[key] = peers;
                peers.Start();
                // The first answer before serving, so the group starts with its peers (bounded by the resolver timeout).
                peers.FirstAnswer.Wait(settings.Timeout + TimeSpan.FromSeconds(1));
            }
            return peers;
        }
    }
}
