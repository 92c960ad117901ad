using System.Collections.Concurrent;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Health;

/// <summary>
/// Active health checks against real nginx backends whose health is flipped while proxyserver runs:
/// a peer leaves the rotation on its checks alone (no client request has to fail first) and comes back
/// once they pass again.
/// </summary>
public sealed class ActiveHealthCheckTests
{
    private const string Status = "/status";

    private static ProxyServerInstance StartProxy(int port, string upstreamServers, string healthCheck, string extra = "") =>
        ProxyServerInstance.StartHttp($$"""
            upstream app {
                zone app 64k;
            {{upstreamServers}}
            }
            match ok {
                status 200;
                header Content-Type ~ "^text/plain";
                body ~ "^ok";
            }
            {{extra}}
            server {
                listen 127.0.0.1:{{port}};
                server_name front;
                location / {
                    proxy_pass http://app;
                    {{healthCheck}}
                }
                location = {{Status}} { status_api; }
                location = /metrics { prometheus_metrics; }
            }
            """);

    [Fact]
    public async Task Traffic_moves_away_before_any_request_fails_and_comes_back()
    {
        using var a = FileSwitchedBackend.Start("a");
        using var b = FileSwitchedBackend.Start("b");
        var port = FreePort.Next();
        using var proxy = StartProxy(port, $"server {a.Address}; server {b.Address};",
            "health_check interval=100ms passes=2 uri=/healthz match=ok;");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await PeerStates.WaitForAsync(client, Status, "app", a.Address, "up", TimeSpan.FromSeconds(5));

        // Clients keep sending requests the whole time; every one of them must succeed.
        var answers = new ConcurrentQueue<(int Status, string Body)>();
        using var stopTraffic = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            using var trafficClient = new HttpClient { BaseAddress = client.BaseAddress };
            while (!stopTraffic.IsCancellationRequested)
            {
                using var response = await trafficClient.GetAsync("/");
                answers.Enqueue(((int)response.StatusCode, await response.Content.ReadAsStringAsync()));
                await Task.Delay(10);
            }
        });
        await Task.Delay(300);

        // a announces maintenance on its health URI (body no longer "ok"), then really stops serving.
        a.SetHealth("maintenance\n");
        await PeerStates.WaitForAsync(client, Status, "app", a.Address, "unhealthy", TimeSpan.FromSeconds(5));
        var requestsBefore = (await PeerStates.PeerAsync(client, Status, "app", a.Address)).GetProperty("requests").GetInt64();
        a.SetServing(false);
        await Task.Delay(500);
        var peerA = await PeerStates.PeerAsync(client, Status, "app", a.Address);
        Assert.Equal(requestsBefore, peerA.GetProperty("requests").GetInt64());
        Assert.Equal(0, peerA.GetProperty("fails").GetInt64()); // no passive failure: traffic never failed on it
        var checks = peerA.GetProperty("health_checks");
        Assert.False(checks.GetProperty("last_passed").GetBoolean());
        Assert.Equal(1, checks.GetProperty("unhealthy").GetInt64());

        // a comes back: two passing checks (passes=2) put it back into rotation.
        a.SetServing(true);
        a.SetHealth("ok\n");
        await PeerStates.WaitForAsync(client, Status, "app", a.Address, "up", TimeSpan.FromSeconds(5));
        var returned = answers.Count;
        await Task.Delay(300);
        await stopTraffic.CancelAsync();
        await traffic;

        var all = answers.ToList();
        Assert.All(all, answer => Assert.Equal(200, answer.Status));
        Assert.Contains(all.Skip(returned), answer => answer.Body == "a\n");
        Assert.Contains(all.Skip(returned), answer => answer.Body == "b\n");
        Assert.Contains($"peer is unhealthy while checking response body, health check \"ok\" of peer {a.Address} in upstream \"app\"", proxy.ErrorLog);
        Assert.Contains($"peer is healthy, health check \"ok\" of peer {a.Address} in upstream \"app\"", proxy.ErrorLog);
    }

    [Fact]
    public async Task Stopped_backend_turns_unhealthy_with_no_client_traffic()
    {
        using var a = FileSwitchedBackend.Start("a");
        using var b = FileSwitchedBackend.Start("b");
        var port = FreePort.Next();
        using var proxy = StartProxy(port, $"server {a.Address}; server {b.Address};", "health_check interval=100ms fails=2;");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await PeerStates.WaitForAsync(client, Status, "app", b.Address, "up", TimeSpan.FromSeconds(5));

        b.Dispose(); // stopped mid-test (disposing again at the end is harmless)
        await PeerStates.WaitForAsync(client, Status, "app", b.Address, "unhealthy", TimeSpan.FromSeconds(5));
        var peerB = await PeerStates.PeerAsync(client, Status, "app", b.Address);
        Assert.Equal(0, peerB.GetProperty("requests").GetInt64());
        Assert.True(peerB.GetProperty("health_checks").GetProperty("fails").GetInt64() >= 2);

        for (var i = 0; i < 6; i++) Assert.Equal("a\n", await client.GetStringAsync("/"));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains($"proxyserver_upstream_peer_state{{upstream=\"app\",peer=\"{b.Address}\",state=\"unhealthy\"}} 1", metrics);
        Assert.Contains($"proxyserver_upstream_peer_state{{upstream=\"app\",peer=\"{a.Address}\",state=\"up\"}} 1", metrics);
        Assert.Contains($"proxyserver_upstream_peer_health_check_last_passed{{upstream=\"app\",peer=\"{b.Address}\"}} 0", metrics);
        Assert.Contains($"connect() failed (111: Connection refused) while connecting to upstream, health check \"\" of peer {b.Address} in upstream \"app\"", proxy.ErrorLog);
    }

    [Fact]
    public async Task Mandatory_peers_take_no_requests_until_their_first_check_completes()
    {
        // Checks go to a port that accepts and never answers: no verdict can come, so every peer stays "checking".
        using var a = FileSwitchedBackend.Start("a");
        using var b = FileSwitchedBackend.Start("b");
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var checkPort = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
            var port = FreePort.Next();
            using var proxy = StartProxy(port, $"server {a.Address}; server {b.Address};",
                $"health_check interval=1s port={checkPort} mandatory;");
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            using var response = await client.GetAsync("/");
            Assert.Equal(502, (int)response.StatusCode); // no live upstreams
            var peerA = await PeerStates.PeerAsync(client, Status, "app", a.Address);
            Assert.Equal("checking", peerA.GetProperty("state").GetString());
            Assert.Equal(0, peerA.GetProperty("requests").GetInt64());
            Assert.Equal("checking", await PeerStates.StateAsync(client, Status, "app", b.Address));
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Mandatory_check_never_lets_a_failing_peer_take_a_request()
    {
        using var a = FileSwitchedBackend.Start("a");
        using var b = FileSwitchedBackend.Start("b");
        a.SetHealth(null);
        a.SetServing(false);
        var port = FreePort.Next();
        using var proxy = StartProxy(port, $"server {a.Address}; server {b.Address};", "health_check interval=1s uri=/healthz mandatory;");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await PeerStates.WaitForAsync(client, Status, "app", b.Address, "up", TimeSpan.FromSeconds(5));
        for (var i = 0; i < 6; i++) Assert.Equal("b\n", await client.GetStringAsync("/"));
        await PeerStates.WaitForAsync(client, Status, "app", a.Address, "unhealthy", TimeSpan.FromSeconds(5));
        Assert.Equal(0, (await PeerStates.PeerAsync(client, Status, "app", a.Address)).GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task Single_unhealthy_peer_leaves_no_live_upstreams()
    {
        using var a = FileSwitchedBackend.Start("a");
        a.SetHealth(null);
        var port = FreePort.Next();
        using var proxy = StartProxy(port, $"server {a.Address};", "health_check interval=100ms uri=/healthz;");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await PeerStates.WaitForAsync(client, Status, "app", a.Address, "unhealthy", TimeSpan.FromSeconds(5));

        using var response = await client.GetAsync("/");
        Assert.Equal(502, (int)response.StatusCode);
        a.SetHealth("ok\n");
        await PeerStates.WaitForAsync(client, Status, "app", a.Address, "up", TimeSpan.FromSeconds(5));
        Assert.Equal("a\n", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task Reload_keeps_an_unhealthy_peer_out_until_it_is_checked_again()
    {
        // a on 127.0.0.1, b on 127.0.0.2; checks go to port= on each address. b's check port is closed
        // at first (unhealthy), then silent: the reloaded model's first check of b hangs, so only the
        // verdict kept from before the reload can keep b out.
        var (portA, portB, checkPort, port) = (FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        using var a = NginxInstance.StartHttp($$"""
            server { listen 127.0.0.1:{{portA}}; listen 127.0.0.1:{{checkPort}}; location / { return 200 "a\n"; } }
            """, portA);
        using var b = NginxInstance.StartHttp($$"""
            server { listen 127.0.0.2:{{portB}}; location / { return 200 "b\n"; } }
            """);
        FreePort.WaitUntilListening(portB, TimeSpan.FromSeconds(10), "127.0.0.2");
        var addressB = $"127.0.0.2:{portB}";
        using var proxy = StartProxy(port, $"server 127.0.0.1:{portA}; server {addressB};",
            $"health_check interval=100ms port={checkPort}; proxy_read_timeout 30s;");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await PeerStates.WaitForAsync(client, Status, "app", addressB, "unhealthy", TimeSpan.FromSeconds(5));

        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse("127.0.0.2"), checkPort);
        silent.Start();
        try
        {
            var checksBefore = (await PeerStates.PeerAsync(client, Status, "app", addressB)).GetProperty("health_checks").GetProperty("checks").GetInt64();
            proxy.Process.Signal("HUP");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            // The reloaded model counts checks from zero.
            while ((await PeerStates.PeerAsync(client, Status, "app", addressB)).GetProperty("health_checks").GetProperty("checks").GetInt64() >= checksBefore)
            {
                Assert.True(DateTime.UtcNow < deadline, "the reload did not take effect");
                await Task.Delay(25);
            }
            Assert.Equal("unhealthy", await PeerStates.StateAsync(client, Status, "app", addressB));
            for (var i = 0; i < 6; i++) Assert.Equal("a\n", await client.GetStringAsync("/"));
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Checks_send_the_locations_literal_proxy_set_header_lines()
    {
        // One backend answers 200 only for Host health.example (and header X-Check: yes); two groups point at it.
        var backendPort = FreePort.Next();
        using var backend = NginxInstance.StartHttp($$"""
            server { listen 127.0.0.1:{{backendPort}} default_server; location / { return 503; } }
            server {
                listen 127.0.0.1:{{backendPort}};
                server_name health.example;
                location / { if ($http_x_check != yes) { return 403; } return 200 ok; }
            }
            """, backendPort);
        var port = FreePort.Next();
        var peer = $"127.0.0.1:{backendPort}";
        using var proxy = ProxyServerInstance.StartHttp($$"""
            upstream named { zone named 64k; server {{peer}}; }
            upstream plain { zone plain 64k; server {{peer}}; }
            server {
                listen 127.0.0.1:{{port}};
                location /named/ {
                    proxy_pass http://named;
                    proxy_set_header Host health.example;
                    proxy_set_header X-Check yes;
                    proxy_set_header X-Client $remote_addr;
                    health_check interval=100ms;
                }
                location /plain/ { proxy_pass http://plain; health_check interval=100ms; }
                location = {{Status}} { status_api; }
            }
            """);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await PeerStates.WaitForAsync(client, Status, "plain", peer, "unhealthy", TimeSpan.FromSeconds(5));
        var named = await PeerStates.PeerAsync(client, Status, "named", peer);
        for (var i = 0; i < 100 && named.GetProperty("health_checks").GetProperty("checks").GetInt64() < 2; i++)
        {
            await Task.Delay(25);
            named = await PeerStates.PeerAsync(client, Status, "named", peer);
        }
        Assert.Equal("up", named.GetProperty("state").GetString());
        Assert.True(named.GetProperty("health_checks").GetProperty("last_passed").GetBoolean());
    }

    [Fact]
    public void Groups_with_changing_servers_are_not_checked_and_say_so()
    {
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp($$"""
            resolver 127.0.0.1:{{FreePort.Next()}} valid=30s;
            upstream dyn { zone dyn 64k; server 127.0.0.1:{{FreePort.Next()}} resolve; }
            server {
                listen 127.0.0.1:{{port}};
                location / { proxy_pass http://dyn; health_check; }
            }
            """);
        Assert.Contains("[warn]", proxy.ErrorLog);
        Assert.Contains("health_check of upstream \"dyn\" is ignored: proxyserver checks only upstream groups with fixed servers in ", proxy.ErrorLog);
    }
}
