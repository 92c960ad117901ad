using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ProxyServer.Runtime.Locations;

namespace ProxyServer.Runtime.Http;

/// <summary>NGINX Plus's <c>status_zone NAME</c> of a server or location.</summary>
public sealed record StatusZone(string Name);

/// <summary>
/// Requests and response status classes per server zone (the server's <c>status_zone</c>, else its first
/// name) and per location of that server (the location's <c>status_zone</c>, else the location that
/// finished the request written as in the config: <c>= /x</c>, <c>~ re</c>, <c>/prefix</c>). Keyed by name, so a reload keeps
/// counting the same zones. One per process (<see cref="Model.ProcessCycle"/>).
/// </summary>
public sealed class TrafficCounters
{
    /// <summary>The name of a request's location when it matched none (served at the server level).</summary>
    public const string ServerLevel = "(server)";

    private readonly ConcurrentDictionary<string, ZoneCounters> _zones = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Zone, string Location), ZoneCounters> _locations = new();

    /// <summary>
    /// The counters of each compiled location (a location belongs to one server, so the pair is
    /// fixed), found by name once per model: naming and hashing them per request was 2.5% of the
    /// CPU at 10,000 server blocks. Weak, so a reloaded model's locations leave with the model.
    /// </summary>
    private readonly ConditionalWeakTable<LocationConfig, ZonePair> _byLocation = [];

    private sealed record ZonePair(ZoneCounters Server, ZoneCounters Location);

    public void Record(NginxRequest request)
    {
        if (!_byLocation.TryGetValue(request.Location, out var pair)) pair = Resolve(request);
        pair.Server.Record(request.Status);
        pair.Location.Record(request.Status);
    }

    private ZonePair Resolve(NginxRequest request)
    {
        var name = request.Server.Root.Features.Get<StatusZone>()?.Name ?? request.Server.PrimaryName;
        var location = request.Location.Features.Get<StatusZone>()?.Name
            ?? (request.Location.ToString() is { Length: > 0 } written ? written : ServerLevel);
        var pair = new ZonePair(_zones.GetOrAdd(name, _ => new ZoneCounters()), _locations.GetOrAdd((name, location), _ => new ZoneCounters()));
        return _byLocation.GetValue(request.Location, _ => pair);
    }

    public IEnumerable<(string Zone, ZoneCounters Counters)> Snapshot() =>
        _zones.OrderBy(z => z.Key, StringComparer.Ordinal).Select(z => (z.Key, z.Value));

    /// <summary>Every location seen, by server zone, in name order.</summary>
    public IEnumerable<(string Zone, string Location, ZoneCounters Counters)> LocationSnapshot() =>
        _locations.OrderBy(l => l.Key.Zone, StringComparer.Ordinal).ThenBy(l => l.Key.Location, StringComparer.Ordinal)
            .Select(l => (l.Key.Zone, l.Key.Location, l.Value));
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
