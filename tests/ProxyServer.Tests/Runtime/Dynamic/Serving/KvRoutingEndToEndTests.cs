using System.Diagnostics;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Dynamic.Serving;

/// <summary>kv_map routing through the running proxyserver, fed by a real etcd; backends are real nginx.</summary>
public class KvRoutingEndToEndTests
{
    private static async Task<RawResponse> Get(int port, string host, string path = "/") =>
        await RawHttp.SendAsync(port, RawHttp.Get(path, host));

    private static string Config(EtcdInstance etcd, int port, int fallbackPort, string cache = "") => $$"""
        kv_source main etcd://{{etcd.Endpoint}} {{(cache.Length > 0 ? "cache=" + cache : "")}};
        kv_map $host $backend {
            source main /proxy/hosts/;
            hostnames;
            default 127.0.0.1:{{fallbackPort}};
        }
        server {
            listen 127.0.0.1:{{port}};
            location = /which { return 200 "$backend $kv_revision"; }
            location = /kv-status { return 200 $kv_status; }
            location / { proxy_pass http://$backend; }
        }
        """;

    private static NginxInstance Backends(params (int Port, string Name)[] backends) =>
        NginxInstance.StartHttp(string.Join('\n', backends.Select(b => $"server {{ listen 127.0.0.1:{b.Port}; return 200 \"{b.Name}\"; }}")),
            [.. backends.Select(b => b.Port)]);

    [Fact]
    public async Task Put_RoutedWithinOneSecond_Delete_RoutesToDefault()
    {
        using var etcd = EtcdInstance.Start();
        int first = FreePort.Next(), second = FreePort.Next(), fallback = FreePort.Next(), port = FreePort.Next();
        using var backends = Backends((first, "first"), (second, "second"), (fallback, "fallback"));
        etcd.Put("/proxy/hosts/user_01.jira.com", $"127.0.0.1:{first}");
        etcd.Put("/proxy/hosts/*.wild.com", $"127.0.0.1:{second}");
        using var proxy = ProxyServerInstance.StartHttp(Config(etcd, port, fallback));

        Assert.Equal("first", (await Get(port, "User_01.Jira.com")).Body);
        Assert.Equal("second", (await Get(port, "a.wild.com")).Body);
        Assert.Equal("fallback", (await Get(port, "nobody.com")).Body);
        Assert.Equal($"127.0.0.1:{first} {etcd.Revision()}", (await Get(port, "user_01.jira.com", "/which")).Body);

        var clock = Stopwatch.StartNew();
        etcd.Put("/proxy/hosts/user_02.jira.com", $"127.0.0.1:{second}");
        Assert.True(await Eventually.Holds(async () => (await Get(port, "user_02.jira.com")).Body == "second", TimeSpan.FromSeconds(5)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"routed after {clock.ElapsedMilliseconds} ms");

        etcd.Delete("/proxy/hosts/user_01.jira.com");
        Assert.True(await Eventually.Holds(async () => (await Get(port, "user_01.jira.com")).Body == "fallback", TimeSpan.FromSeconds(1)));

        // A value the proxy cannot use is refused; the key keeps routing where it did.
        etcd.Put("/proxy/hosts/user_02.jira.com", "127.0.0.1:1\r\nX-Evil: 1");
        etcd.Put("/proxy/hosts/marker.com", $"127.0.0.1:{first}");
        Assert.True(await Eventually.Holds(async () => (await Get(port, "marker.com")).Body == "first", TimeSpan.FromSeconds(2)));
        Assert.Equal("second", (await Get(port, "user_02.jira.com")).Body);
        Assert.Contains("refused value of \"/proxy/hosts/user_02.jira.com\"", proxy.ErrorLog);
    }

    /// <summary>Scaling out: two proxyserver processes on one etcd serve the same revision after every change.</summary>
    [Fact]
    public async Task TwoInstances_OneEtcd_ConvergeOnTheSameRevision()
    {
        using var etcd = EtcdInstance.Start();
        int fallback = FreePort.Next(), firstPort = FreePort.Next(), secondPort = FreePort.Next();
        etcd.Put("/proxy/hosts/a.com", "127.0.0.1:1001");
        using var first = ProxyServerInstance.StartHttp(Config(etcd, firstPort, fallback));
        using var second = ProxyServerInstance.StartHttp(Config(etcd, secondPort, fallback));

        for (var i = 0; i < 5; i++)
        {
            etcd.Put("/proxy/hosts/a.com", $"127.0.0.1:{2000 + i}");
            var expected = $"127.0.0.1:{2000 + i} {etcd.Revision()}";
            Assert.True(await Eventually.Holds(async () => (await Get(firstPort, "a.com", "/which")).Body == expected, TimeSpan.FromSeconds(2)));
            Assert.True(await Eventually.Holds(async () => (await Get(secondPort, "a.com", "/which")).Body == expected, TimeSpan.FromSeconds(2)));
        }
    }

    [Fact]
    public async Task StartedWhileEtcdDown_ServesCachedSnapshot()
    {
        using var etcd = EtcdInstance.Start();
        int first = FreePort.Next(), fallback = FreePort.Next(), port = FreePort.Next();
        using var backends = Backends((first, "first"), (fallback, "fallback"));
        var cache = Path.Combine(TempDirectory.Create("kv-cache-"), "main.json");
        etcd.Put("/proxy/hosts/user_01.jira.com", $"127.0.0.1:{first}");
        using (var warm = ProxyServerInstance.StartHttp(Config(etcd, port, fallback, cache)))
        {
            Assert.Equal("first", (await Get(port, "user_01.jira.com")).Body);
        }
        etcd.Kill();

        port = FreePort.Next();
        using var cold = ProxyServerInstance.StartHttp(Config(etcd, port, fallback, cache));
        Assert.Equal("first", (await Get(port, "user_01.jira.com")).Body);
        Assert.Equal("fallback", (await Get(port, "other.com")).Body);
        var status = System.Text.Json.JsonDocument.Parse((await Get(port, "x", "/kv-status")).Body).RootElement[0];
        Assert.Equal("main", status.GetProperty("name").GetString());
        Assert.False(status.GetProperty("connected").GetBoolean());
        Assert.True(status.GetProperty("serving_cache").GetBoolean());
        Assert.True(status.GetProperty("revision").GetInt64() > 0);
    }

    [Fact]
    public async Task Reload_KeepsTheRunningWatch()
    {
        using var etcd = EtcdInstance.Start();
        int first = FreePort.Next(), fallback = FreePort.Next(), port = FreePort.Next();
        using var backends = Backends((first, "first"), (fallback, "fallback"));
        etcd.Put("/proxy/hosts/a.com", $"127.0.0.1:{first}");
        using var proxy = ProxyServerInstance.StartHttp(Config(etcd, port, fallback));
        Assert.Equal("first", (await Get(port, "a.com")).Body);

        File.WriteAllText(proxy.ConfigPath, File.ReadAllText(proxy.ConfigPath).Replace("location = /which", "location = /ping { return 200 pong; }\n location = /which"));
        proxy.Process.Signal("HUP");
        Assert.True(await Eventually.Holds(async () => (await Get(port, "a.com", "/ping")).Body == "pong", TimeSpan.FromSeconds(10)));

        etcd.Put("/proxy/hosts/b.com", $"127.0.0.1:{first}");
        Assert.True(await Eventually.Holds(async () => (await Get(port, "b.com")).Body == "first", TimeSpan.FromSeconds(2)));
        // One start-up read for the whole run: the reloaded model got the same source back.
        Assert.Single(proxy.ErrorLog.Split('\n'), line => line.Contains("keys at revision"));
    }

    [Fact]
    public async Task MapValue_NamesAnUpstream_StaticOrFedByEtcd()
    {
        using var etcd = EtcdInstance.Start();
        int first = FreePort.Next(), second = FreePort.Next(), fallback = FreePort.Next(), port = FreePort.Next();
        using var backends = Backends((first, "first"), (second, "second"), (fallback, "fallback"));
        etcd.Put("/proxy/hosts/blog.com", "wordpress");
        etcd.Put("/proxy/hosts/shop.com", "shop");
        etcd.Put("/proxy/upstreams/shop/a", $"127.0.0.1:{second}");
        using var proxy = ProxyServerInstance.StartHttp($$"""
            kv_source main etcd://{{etcd.Endpoint}};
            kv_map $host $backend { source main /proxy/hosts/; default 127.0.0.1:{{fallback}}; }
            upstream wordpress { server 127.0.0.1:{{first}}; }
            upstream shop { kv_servers main /proxy/upstreams/shop/; }
            server {
                listen 127.0.0.1:{{port}};
                location / { proxy_pass http://$backend; }
            }
            """);

        Assert.Equal("first", (await Get(port, "blog.com")).Body);
        Assert.Equal("second", (await Get(port, "shop.com")).Body);

        etcd.Put("/proxy/hosts/blog.com", "shop");
        Assert.True(await Eventually.Holds(async () => (await Get(port, "blog.com")).Body == "second", TimeSpan.FromSeconds(1)));
        etcd.Put("/proxy/upstreams/shop/a", $"127.0.0.1:{first}");
        Assert.True(await Eventually.Holds(async () => (await Get(port, "shop.com")).Body == "first", TimeSpan.FromSeconds(1)));
        etcd.Put("/proxy/hosts/blog.com", "nosuchgroup");
        Assert.True(await Eventually.Holds(async () => (await Get(port, "blog.com")).Status == 502, TimeSpan.FromSeconds(1)));
        Assert.Contains("no resolver defined to resolve nosuchgroup", proxy.ErrorLog);
    }
}
