using System.Text.Json;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Status;

/// <summary>status_api: zone counts and upstream peer state after real traffic to a live and a dead backend.</summary>
public sealed class StatusApiTests
{
    [Fact]
    public async Task Reports_zone_responses_and_peer_state_after_traffic()
    {
        using var traffic = await LiveAndDeadPeerTraffic.RunAsync("/api", "status_api;");
        var (client, backendPort, deadPort) = (traffic.Client, traffic.BackendPort, traffic.DeadPort);

        using var response = await client.GetAsync("/api");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;

        var zone = root.GetProperty("server_zones").GetProperty("front");
        Assert.Equal(4, zone.GetProperty("requests").GetInt64());
        Assert.Equal(4, zone.GetProperty("responses").GetProperty("2xx").GetInt64());
        Assert.Equal(0, zone.GetProperty("responses").GetProperty("5xx").GetInt64());

        // Per location of the zone: the four proxied requests finished in "location /".
        var location = root.GetProperty("location_zones").GetProperty("front").GetProperty("/");
        Assert.Equal(4, location.GetProperty("requests").GetInt64());
        Assert.Equal(4, location.GetProperty("responses").GetProperty("2xx").GetInt64());

        var peers = root.GetProperty("upstreams").GetProperty("app").GetProperty("peers").EnumerateArray().ToList();
        Assert.Equal(2, peers.Count);
        var live = peers.Single(p => p.GetProperty("server").GetString() == $"127.0.0.1:{backendPort}");
        var dead = peers.Single(p => p.GetProperty("server").GetString() == $"127.0.0.1:{deadPort}");
        Assert.Equal("up", live.GetProperty("state").GetString());
        Assert.Equal(4, live.GetProperty("requests").GetInt64());
        Assert.Equal(0, live.GetProperty("active").GetInt64());
        Assert.True(live.GetProperty("response_time").GetDouble() > 0);
        // Round robin tried the dead peer once; the refused connection counted a fail and max_fails=1 holds it out.
        Assert.Equal("unavail", dead.GetProperty("state").GetString());
        Assert.Equal(1, dead.GetProperty("requests").GetInt64());
        Assert.Equal(1, dead.GetProperty("fails").GetInt64());
        Assert.False(live.TryGetProperty("health_checks", out _)); // no health_check covers the group
        Assert.Equal(JsonValueKind.Object, root.GetProperty("kv_sources").ValueKind);
    }

    [Fact]
    public async Task Status_zone_names_the_server_and_location_counters()
    {
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp($$"""
            server {
                listen 127.0.0.1:{{port}};
                server_name www.example.com;
                status_zone shop;
                location /cart/ { status_zone shop_cart; return 404; }
                location / { return 200 ok; }
                location = /api { status_api; }
            }
            """);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        for (var i = 0; i < 3; i++) await client.GetAsync("/cart/x");
        await client.GetAsync("/");

        using var document = JsonDocument.Parse(await client.GetStringAsync("/api"));
        var root = document.RootElement;
        Assert.False(root.GetProperty("server_zones").TryGetProperty("www.example.com", out _));
        Assert.Equal(4, root.GetProperty("server_zones").GetProperty("shop").GetProperty("responses").GetProperty("2xx").GetInt64()
                        + root.GetProperty("server_zones").GetProperty("shop").GetProperty("responses").GetProperty("4xx").GetInt64());
        var locations = root.GetProperty("location_zones").GetProperty("shop");
        Assert.Equal(3, locations.GetProperty("shop_cart").GetProperty("responses").GetProperty("4xx").GetInt64());
        Assert.Equal(1, locations.GetProperty("/").GetProperty("responses").GetProperty("2xx").GetInt64());
    }

    [Fact]
    public async Task Post_is_not_allowed()
    {
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp($$"""
            server {
                listen 127.0.0.1:{{port}};
                location = /api { status_api; }
            }
            """);
        using var client = new HttpClient();
        using var response = await client.PostAsync($"http://127.0.0.1:{port}/api", new StringContent(""));
        Assert.Equal(405, (int)response.StatusCode);
    }
}
