using Prometheus;
using ProxyServer.Runtime.Health;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Status;

/// <summary>
/// <c>prometheus_metrics;</c>: the status API's figures in Prometheus's text format, written by
/// prometheus-net. Each scrape fills a fresh registry from the live counters, so a reload that
/// drops an upstream drops its series and nothing accumulates.
/// </summary>
public sealed class PrometheusMetricsHandler : IContentHandler
{
    public static readonly PrometheusMetricsHandler Instance = new();

    public async Task<int> HandleAsync(NginxRequest request)
    {
        if (request.Method is not ("GET" or "HEAD")) return 405;
        var registry = Collect(request.Model, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        using var buffer = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(buffer, request.Http.RequestAborted);
        Responses.Start(request, 200);
        var response = request.Http.Response;
        response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        response.ContentLength = buffer.Length;
        if (request.Method == "HEAD") return Outcome.Done;
        await response.Body.WriteAsync(buffer.ToArray());
        request.BodyBytesSent += buffer.Length;
        return Outcome.Done;
    }

    private static CollectorRegistry Collect(Model.RuntimeModel model, long now)
    {
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        factory.CreateGauge("proxyserver_connections_active", "Open client connections.").Set(model.Cycle.Connections.Active);
        factory.CreateCounter("proxyserver_connections_accepted_total", "Client connections accepted.").IncTo(model.Cycle.Connections.Accepted);

        var requests = factory.CreateCounter("proxyserver_http_requests_total", "Requests finished per server zone and status class.",
            labelNames: ["server_zone", "code_class"]);
        foreach (var (zone, counters) in model.Cycle.Traffic.Snapshot())
            for (var hundreds = 1; hundreds <= 5; hundreds++)
                requests.WithLabels(zone, $"{hundreds}xx").IncTo(counters.Class(hundreds));

        var locationRequests = factory.CreateCounter("proxyserver_http_location_requests_total", "Requests finished per location of a server zone and status class.",
            labelNames: ["server_zone", "location", "code_class"]);
        foreach (var (zone, location, counters) in model.Cycle.Traffic.LocationSnapshot())
            for (var hundreds = 1; hundreds <= 5; hundreds++)
                locationRequests.WithLabels(zone, location, $"{hundreds}xx").IncTo(counters.Class(hundreds));

        string[] peerLabels = ["upstream", "peer"];
        var peerRequests = factory.CreateCounter("proxyserver_upstream_peer_requests_total", "Requests sent to the peer.", labelNames: peerLabels);
        var peerActive = factory.CreateGauge("proxyserver_upstream_peer_active_connections", "Requests in progress on the peer.", labelNames: peerLabels);
        var peerFails = factory.CreateGauge("proxyserver_upstream_peer_fails", "Failures counted in the current fail_timeout window.", labelNames: peerLabels);
        var peerUp = factory.CreateGauge("proxyserver_upstream_peer_up", "1 when the peer takes requests, 0 when down or unavailable.", labelNames: peerLabels);
        var peerTime = factory.CreateGauge("proxyserver_upstream_peer_response_time_seconds", "least_time's moving average of the full response time.", labelNames: peerLabels);
        var peerState = factory.CreateGauge("proxyserver_upstream_peer_state", "1 for the peer's current state (up, down, draining, checking, unhealthy, unavail), 0 for the others.",
            labelNames: ["upstream", "peer", "state"]);
        var checks = factory.CreateCounter("proxyserver_upstream_peer_health_checks_total", "Active health checks sent to the peer.", labelNames: peerLabels);
        var checkFails = factory.CreateCounter("proxyserver_upstream_peer_health_check_fails_total", "Active health checks the peer failed.", labelNames: peerLabels);
        var lastPassed = factory.CreateGauge("proxyserver_upstream_peer_health_check_last_passed", "1 when the last active health check passed, 0 when it failed.", labelNames: peerLabels);
        var health = model.Features.Get<HealthCheckPlan>();
        foreach (var upstream in model.Features.Get<UpstreamRegistry>()?.All.Where(u => !u.IsImplicit) ?? [])
        {
            var group = upstream.Group;
            lock (group.SyncRoot)
            {
                foreach (var peer in group.Primary.Peers.Concat(group.Backup?.Peers ?? []))
                {
                    peerRequests.WithLabels(upstream.Name, peer.Name).IncTo(peer.Requests);
                    peerActive.WithLabels(upstream.Name, peer.Name).Set(peer.Conns);
                    peerFails.WithLabels(upstream.Name, peer.Name).Set(peer.Fails);
                    var peerHealth = health?.For(peer);
                    var state = StatusDocument.State(peer, peerHealth, now);
                    peerUp.WithLabels(upstream.Name, peer.Name).Set(state == "up" ? 1 : 0);
                    foreach (var name in StatusDocument.PeerStates) peerState.WithLabels(upstream.Name, peer.Name, name).Set(name == state ? 1 : 0);
                    if (peerHealth?.Snapshot() is { } snapshot)
                    {
                        checks.WithLabels(upstream.Name, peer.Name).IncTo(snapshot.Checks);
                        checkFails.WithLabels(upstream.Name, peer.Name).IncTo(snapshot.Fails);
                        if (snapshot.LastPassed is { } passed) lastPassed.WithLabels(upstream.Name, peer.Name).Set(passed ? 1 : 0);
                    }
                    peerTime.WithLabels(upstream.Name, peer.Name).Set(peer.AverageLastByteMs / 1000);
                }
            }
        }

        var cacheSize = factory.CreateGauge("proxyserver_cache_size_bytes", "Bytes the cache zone's entries take on disk.", labelNames: ["cache"]);
        var cacheKeys = factory.CreateGauge("proxyserver_cache_keys", "Keys in the cache zone's index.", labelNames: ["cache"]);
        var cacheResponses = factory.CreateCounter("proxyserver_cache_responses_total", "Responses by $upstream_cache_status.", labelNames: ["cache", "status"]);
        foreach (var zone in Cache.CacheModule.ZonesOf(model))
        {
            var name = zone.Spec.Name;
            var figures = zone.Figures;
            cacheSize.WithLabels(name).Set(zone.Size);
            cacheKeys.WithLabels(name).Set(zone.Keys);
            foreach (var (status, count) in (ReadOnlySpan<(string, long)>)[("HIT", figures.Hits), ("STALE", figures.Stale), ("UPDATING", figures.Updating),
                         ("REVALIDATED", figures.Revalidated), ("MISS", figures.Misses), ("EXPIRED", figures.Expired), ("BYPASS", figures.Bypassed)])
                cacheResponses.WithLabels(name, status).IncTo(count);
        }
        return registry;
    }
}
