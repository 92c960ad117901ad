using System.Text.Json;
using ProxyServer.Runtime.Dynamic.Serving;
using ProxyServer.Runtime.Health;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Model;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Status;

/// <summary>
/// The status API's JSON, in the spirit of NGINX Plus's /api: connections, server zones,
/// upstream peers (state, active connections, requests, fails, the least_time averages) and
/// kv_sources. Read from the live counters of the model serving the request.
/// </summary>
public static class StatusDocument
{
    public static byte[] Write(RuntimeModel model, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteConnections(json, model.Cycle.Connections);
            WriteZones(json, model.Cycle.Traffic);
            WriteLocationZones(json, model.Cycle.Traffic);
            WriteUpstreams(json, model, now.ToUnixTimeSeconds());
            WriteKvSources(json, model, now);
            WriteCaches(json, model);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>NGINX Plus's <c>caches</c>: each zone's size on disk, its limit, and its responses by cache status.</summary>
    private static void WriteCaches(Utf8JsonWriter json, RuntimeModel model)
    {
        json.WriteStartObject("caches");
        foreach (var zone in Cache.CacheModule.ZonesOf(model))
        {
            json.WriteStartObject(zone.Spec.Name);
            json.WriteNumber("size", zone.Size);
            if (zone.Spec.MaxSize != long.MaxValue) json.WriteNumber("max_size", zone.Spec.MaxSize);
            json.WriteNumber("keys", zone.Keys);
            var figures = zone.Figures;
            foreach (var (name, count) in (ReadOnlySpan<(string, long)>)[("hit", figures.Hits), ("stale", figures.Stale), ("updating", figures.Updating),
                         ("revalidated", figures.Revalidated), ("miss", figures.Misses), ("expired", figures.Expired), ("bypass", figures.Bypassed)])
            {
                json.WriteStartObject(name);
                json.WriteNumber("responses", count);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteConnections(Utf8JsonWriter json, ConnectionCounters counters)
    {
        json.WriteStartObject("connections");
        json.WriteNumber("accepted", counters.Accepted);
        json.WriteNumber("active", counters.Active);
        json.WriteNumber("idle", counters.Waiting);
        json.WriteEndObject();
        json.WriteStartObject("http_requests");
        json.WriteNumber("total", counters.Requests);
        json.WriteNumber("current", counters.Writing);
        json.WriteEndObject();
    }

    private static void WriteZones(Utf8JsonWriter json, TrafficCounters traffic)
    {
        json.WriteStartObject("server_zones");
        foreach (var (zone, counters) in traffic.Snapshot()) WriteCounters(json, zone, counters);
        json.WriteEndObject();
    }

    /// <summary>Per server zone, each location's requests and status classes (the location that finished the request).</summary>
    private static void WriteLocationZones(Utf8JsonWriter json, TrafficCounters traffic)
    {
        json.WriteStartObject("location_zones");
        foreach (var zone in traffic.LocationSnapshot().GroupBy(l => l.Zone))
        {
            json.WriteStartObject(zone.Key);
            foreach (var (_, location, counters) in zone) WriteCounters(json, location, counters);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteCounters(Utf8JsonWriter json, string name, ZoneCounters counters)
    {
        json.WriteStartObject(name);
        json.WriteNumber("requests", counters.Requests);
        json.WriteStartObject("responses");
        for (var hundreds = 1; hundreds <= 5; hundreds++) json.WriteNumber($"{hundreds}xx", counters.Class(hundreds));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteUpstreams(Utf8JsonWriter json, RuntimeModel model, long now)
    {
        json.WriteStartObject("upstreams");
        var health = model.Features.Get<HealthCheckPlan>();
        foreach (var upstream in model.Features.Get<UpstreamRegistry>()?.All.Where(u => !u.IsImplicit) ?? [])
        {
            var group = upstream.Group;
            json.WriteStartObject(upstream.Name);
            json.WriteStartArray("peers");
            lock (group.SyncRoot)
            {
                foreach (var peer in group.Primary.Peers.Concat(group.Backup?.Peers ?? []))
                    WritePeer(json, peer, health?.For(peer), now);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WritePeer(Utf8JsonWriter json, UpstreamPeer peer, PeerHealth? health, long now)
    {
        json.WriteStartObject();
        json.WriteString("server", peer.Name);
        json.WriteString("name", peer.Server);
        json.WriteBoolean("backup", peer.Backup);
        json.WriteNumber("weight", peer.Weight);
        json.WriteString("state", State(peer, health, now));
        json.WriteNumber("active", peer.Conns);
        json.WriteNumber("requests", peer.Requests);
        json.WriteNumber("fails", peer.Fails);
        json.WriteNumber("max_conns", peer.MaxConns);
        json.WriteNumber("header_time", Math.Round(peer.AverageHeaderMs, 3));
        json.WriteNumber("response_time", Math.Round(peer.AverageLastByteMs, 3));
        if (health is not null) WriteHealthChecks(json, health);
        json.WriteEndObject();
    }

    /// <summary>NGINX Plus's <c>health_checks</c> of a peer: checks sent, failed, times it became unhealthy, the last verdict.</summary>
    private static void WriteHealthChecks(Utf8JsonWriter json, PeerHealth health)
    {
        var (checks, fails, unhealthy, lastPassed, _) = health.Snapshot();
        json.WriteStartObject("health_checks");
        json.WriteNumber("checks", checks);
        json.WriteNumber("fails", fails);
        json.WriteNumber("unhealthy", unhealthy);
        if (lastPassed is { } passed) json.WriteBoolean("last_passed", passed);
        else json.WriteNull("last_passed");
        json.WriteEndObject();
    }

    /// <summary>Every value <see cref="State"/> returns.</summary>
    public static readonly IReadOnlyList<string> PeerStates = ["up", "down", "draining", "checking", "unhealthy", "unavail"];

    /// <summary>
    /// NGINX Plus's peer states: down or draining as configured, checking until a <c>mandatory</c> check first passes,
    /// unhealthy while active checks fail, unavail while max_fails holds it out, else up.
    /// </summary>
    public static string State(UpstreamPeer peer, PeerHealth? health, long now) =>
        peer.DownInConfig ? "down"
        : peer.Draining ? "draining"
        : health?.Snapshot().Checking == true ? "checking"
        : peer.Unhealthy ? "unhealthy"
        : peer.IsTemporarilyDisabled(now) ? "unavail"
        : "up";

    /// <summary>The serving model's sources (after a reload, the process runs no others).</summary>
    private static void WriteKvSources(Utf8JsonWriter json, RuntimeModel model, DateTimeOffset now)
    {
        json.WriteStartObject("kv_sources");
        foreach (var status in (model.Features.Get<DynamicRouting>()?.Sources ?? []).Select(s => s.Status))
        {
            json.WriteStartObject(status.Name);
            json.WriteBoolean("connected", status.Connected);
            json.WriteString("endpoint", status.Endpoint);
            json.WriteNumber("revision", status.Revision);
            json.WriteBoolean("serving_cache", status.ServingCache);
            if (status.AgeOfLastEvent(now) is { } age) json.WriteNumber("age_seconds", Math.Round(age.TotalSeconds, 3));
            else json.WriteNull("age_seconds");
            json.WriteString("last_error", status.LastError);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
