using System.Collections.Concurrent;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Status;

/// <summary>
/// Requests and response status classes per server zone (the server's first name, as NGINX Plus's
/// status_zone would name it). Keyed by name, so a reload keeps counting the same zones.
/// </summary>
public static class TrafficCounters
{
    private static readonly ConcurrentDictionary<string, ZoneCounters> Zones = new(StringComparer.Ordinal);

    public static void Record(NginxRequest request)
    {
        var name = request.Server?.PrimaryName ?? "";
        Zones.GetOrAdd(name, _ => new ZoneCounters()).Record(request.Status);
    }

    public static IEnumerable<(string Zone, ZoneCounters Counters)> Snapshot() =>
        Zones.OrderBy(z => z.Key, StringComparer.Ordinal).Select(z => (z.Key, z.Value));
}

/// <summary>One zone's counts: requests, and responses by class 1xx..5xx (index 0..4).</summary>
public sealed class ZoneCounters
{
    private long _requests;
    private readonly long[] _classes = new long[5];

    public long Requests => Interlocked.Read(ref _requests);

    public long Class(int hundreds) => Interlocked.Read(ref _classes[hundreds - 1]);

    internal void Record(int status)
    {
        Interlocked.Increment(ref _requests);
        if (status is >= 100 and < 600) Interlocked.Increment(ref _classes[status / 100 - 1]);
    }
}
