using ProxyServer.Runtime.Dynamic.Dns;

namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// The running <c>server NAME resolve</c> refreshers of this process, one per (resolver servers, name,
/// port): a reload that keeps them gets the same one back, its peers already known; the others stop
/// once the new model serves (<see cref="DynamicRetirement"/>).
/// </summary>
public static class ResolvingPeerSetRegistry
{
    private static readonly RunningSet<ResolvingPeerSet> Running = new();

    /// <summary>How many names are being re-resolved now.</summary>
    public static int Count => Running.Count;

    public static ResolvingPeerSet Acquire(string host, int port, DnsNameResolver resolver)
    {
        var settings = resolver.Settings;
        var key = $"{string.Join(',', settings.Servers)} {settings.Valid} {settings.Ipv4} {settings.Ipv6} {host}:{port}";
        return Running.GetOrStart(key, () =>
        {
            var peers = new ResolvingPeerSet(host, port, resolver, DynamicErrorLog.Shared);
            peers.Start();
            // The first answer before serving, so the group starts with its peers (bounded by the resolver timeout).
            peers.FirstAnswer.Wait(settings.Timeout + TimeSpan.FromSeconds(1));
            return peers;
        });
    }

    /// <summary>Stops every refresher not in <paramref name="inUse"/> (the serving model's).</summary>
    internal static Task RetainOnlyAsync(IReadOnlyCollection<ResolvingPeerSet> inUse) => Running.RetainOnlyAsync(inUse);
}
