
namespace ProxyServer.Tests.Runtime.Status;

/// <summary>prometheus_metrics: the status figures as Prometheus series after real traffic to a live and a dead backend.</summary>
public sealed class PrometheusMetricsTests
{
    [Fact]
    public async Task Exposes_zone_and_peer_series()
    {
        using var traffic = await LiveAndDeadPeerTraffic.RunAsync("/metrics", "prometheus_metrics;");
        var (client, backendPort, deadPort) = (traffic.Client, traffic.BackendPort, traffic.DeadPort);

        using var response = await client.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');

        Assert.Contains("proxyserver_http_requests_total{server_zone=\"front\",code_class=\"2xx\"} 4", lines);
        Assert.Contains("# TYPE proxyserver_http_requests_total counter", lines);
        Assert.Contains("proxyserver_http_location_requests_total{server_zone=\"front\",location=\"/\",code_class=\"2xx\"} 4", lines);
        var live = $"upstream=\"app\",peer=\"127.0.0.1:{backendPort}\"";
        var dead = $"upstream=\"app\",peer=\"127.0.0.1:{deadPort}\"";
        Assert.Contains($"proxyserver_upstream_peer_requests_total{{{live}}} 4", lines);
        Assert.Contains($"proxyserver_upstream_peer_up{{{live}}} 1", lines);
        Assert.Contains($"proxyserver_upstream_peer_active_connections{{{live}}} 0", lines);
        Assert.Contains($"proxyserver_upstream_peer_requests_total{{{dead}}} 1", lines);
        Assert.Contains($"proxyserver_upstream_peer_fails{{{dead}}} 1", lines);
        Assert.Contains($"proxyserver_upstream_peer_up{{{dead}}} 0", lines);
        Assert.Contains($"proxyserver_upstream_peer_state{{{dead},state=\"unavail\"}} 1", lines);
        Assert.Contains($"proxyserver_upstream_peer_state{{{live},state=\"up\"}} 1", lines);
        Assert.Contains($"proxyserver_upstream_peer_state{{{live},state=\"unhealthy\"}} 0", lines);
    }
}
