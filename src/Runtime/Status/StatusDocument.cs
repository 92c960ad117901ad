using System.Text.Json;
using ProxyServer.Runtime.Dynamic.Serving;
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
            WriteConnections(json);
            WriteZones(json);
            WriteUpstreams(json, model, now.ToUnixTimeSeconds());
            WriteKvSources(json, now);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteConnections(Utf8JsonWriter json)
    {
        json.WriteStartObject("connections");
        json.WriteNumber("accepted", ConnectionCounters.Accepted);
        json.WriteNumber("active", ConnectionCounters.Active);
        json.WriteNumber("idle", ConnectionCounters.Waiting);
        json.WriteEndObject();
        json.WriteStartObject("http_requests");
        json.WriteNumber("total", ConnectionCounters.Requests);
        json.WriteNumber("current", ConnectionCounters.Writing);
        json.WriteEndObject();
    }

    private static void WriteZones(Utf8JsonWriter json)
    {
        json.WriteStartObject("server_zones");
        foreach (var (zone, counters) in TrafficCounters.Snapshot())
        {
            json.WriteStartObject(zone);
            json.WriteNumber("requests", counters.Requests);
            json.WriteStartObject("responses");
            for (var hundreds = 1; hundreds <= 5; hundreds++) json.WriteNumber($"{hundreds}xx", counters.Class(hundreds));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteUpstreams(Utf8JsonWriter json, RuntimeModel model, long now)
    {
        json.WriteStartObject("upstreams");
        foreach (var upstream in model.Features.Get<UpstreamRegistry>()?.All.Where(u => !u.IsImplicit) ?? [])
        {
            var group = upstream.Group;
            json.WriteStartObject(upstream.Name);
            json.WriteStartArray("peers");
            lock (group.SyncRoot)
            {
                foreach (var peer in group.Primary.Peers.Concat(group.Backup?.Peers ?? []))
                    WritePeer(json, peer, now);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WritePeer(Utf8JsonWriter json, UpstreamPeer peer, long now)
    {
        json.WriteStartObject();
        json.WriteString("server", peer.Name);
        json.WriteString("name", peer.Server);
        json.WriteBoolean("backup", peer.Backup);
        json.WriteNumber("weight", peer.Weight);
        json.WriteString("state", State(peer, now));
        json.WriteNumber("active", peer.Conns);
        json.WriteNumber("requests", peer.Requests);
        json.WriteNumber("fails", peer.Fails);
        json.WriteNumber("max_conns", peer.MaxConns);
        json.WriteNumber("header_time", Math.Round(peer.AverageHeaderMs, 3));
        json.WriteNumber("response_time", Math.Round(peer.AverageLastByteMs, 3));
        json.WriteEndObject();
    }

    /// <summary>NGINX Plus's peer states: down as configured, unavail while max_fails holds it out, else up.</summary>
    public static string State(UpstreamPeer peer, long now) =>
        peer.Down ? "down" : peer.IsTemporarilyDisabled(now) ? "unavail" : "up";

    private static void WriteKvSources(Utf8JsonWriter json, DateTimeOffset now)
    {
        json.WriteStartObject("kv_sources");
        foreach (var status in KvSourceRegistry.Statuses())
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
