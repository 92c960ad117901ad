using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Dynamic.Serving;

/// <summary>Upstream groups whose peers change without a reload, through the running proxyserver.</summary>
public class LiveUpstreamEndToEndTests
{
    private static async Task<string> Body(int port, string path = "/") => (await RawHttp.SendAsync(port, RawHttp.Get(path, "localhost"))).Body;

    private static NginxInstance Backends(int port, params string[] addresses)
    {
        var nginx = NginxInstance.StartHttp(string.Join('\n', addresses.Select(a => $"server {{ listen {a}:{port}; return 200 \"{a}\"; }}")));
        foreach (var address in addresses) FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(10), address);
        return nginx;
    }

    [Fact]
    public async Task KvServers_PeersFollowEtcd()
    {
        using var etcd = EtcdInstance.Start();
        var backendPort = FreePort.Next();
        using var backends = Backends(backendPort, "127.0.0.41", "127.0.0.42");
        etcd.Put("/proxy/upstreams/wordpress/host_01", $"127.0.0.41:{backendPort}");
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp($$"""
            kv_source main etcd://{{etcd.Endpoint}};
            upstream wordpress {
                kv_servers main /proxy/upstreams/wordpress/;
            }
            server {
                listen 127.0.0.1:{{port}};
                location / { proxy_pass http://wordpress; }
            }
            """);
        Assert.Equal("127.0.0.41", await Body(port));

        etcd.Put("/proxy/upstreams/wordpress/host_02", $"127.0.0.42:{backendPort}");
        Assert.True(await Eventually.Holds(async () => await Body(port) == "127.0.0.42", TimeSpan.FromSeconds(2)));
        // Round robin over both now: two requests in a row reach both servers.
        var pair = new[] { await Body(port), await Body(port) }.Order().ToArray();
        Assert.Equal(["127.0.0.41", "127.0.0.42"], pair);

        etcd.Put("/proxy/upstreams/wordpress/host_01", $"127.0.0.41:{backendPort} down");
        Assert.True(await Eventually.Holds(async () => (await Body(port)) == "127.0.0.42" && (await Body(port)) == "127.0.0.42", TimeSpan.FromSeconds(2)));

        etcd.Delete("/proxy/upstreams/wordpress/host_01");
        etcd.Delete("/proxy/upstreams/wordpress/host_02");
        Assert.True(await Eventually.Holds(async () => (await RawHttp.SendAsync(port, RawHttp.Get("/", "localhost"))).Status == 502, TimeSpan.FromSeconds(2)));
        Assert.Contains("no live upstreams while connecting to upstream", proxy.ErrorLog);
    }

    [Fact]
    public async Task ServerResolve_PeersFollowDns()
    {
        using var dns = DnsmasqInstance.Start([("app.test.priv", "127.0.0.51")], ttl: 1);
        var backendPort = FreePort.Next();
        using var backends = Backends(backendPort, "127.0.0.51", "127.0.0.52");
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp($$"""
            resolver 127.0.0.1:{{dns.Port}} ipv6=off;
            upstream app {
                server app.test.priv:{{backendPort}} resolve;
            }
            server {
                listen 127.0.0.1:{{port}};
                location / { proxy_pass http://app; }
            }
            """);
        Assert.Equal("127.0.0.51", await Body(port));

        dns.SetRecords([("app.test.priv", "127.0.0.52")]);
        Assert.True(await Eventually.Holds(async () => await Body(port) == "127.0.0.52", TimeSpan.FromSeconds(5)));
    }

    /// <summary>nginx treats <c>server ADDRESS resolve</c> as a fixed server: no resolver is needed to start and serve.</summary>
    [Fact]
    public async Task ServerResolve_WithAnAddress_NeedsNoResolver()
    {
        var backendPort = FreePort.Next();
        using var backends = Backends(backendPort, "127.0.0.53");
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp($$"""
            upstream fixed { server 127.0.0.53:{{backendPort}} resolve; }
            server {
                listen 127.0.0.1:{{port}};
                location / { proxy_pass http://fixed; }
            }
            """);
        Assert.Equal("127.0.0.53", await Body(port));
    }

    /// <summary>A reload that names another host stops re-resolving the old one (dnsmasq logs every query it gets).</summary>
    [Fact]
    public async Task ServerResolve_ReloadToAnotherName_OldNameNoLongerAsked()
    {
        using var dns = DnsmasqInstance.Start([("old.test.priv", "127.0.0.61"), ("new.test.priv", "127.0.0.62")], ttl: 1);
        var backendPort = FreePort.Next();
        using var backends = Backends(backendPort, "127.0.0.61", "127.0.0.62");
        var port = FreePort.Next();
        string Config(string name) => $$"""
            resolver 127.0.0.1:{{dns.Port}} ipv6=off;
            upstream app { server {{name}}:{{backendPort}} resolve; }
            server {
                listen 127.0.0.1:{{port}};
                location / { proxy_pass http://app; }
            }
            """;
        using var proxy = ProxyServerInstance.StartHttp(Config("old.test.priv"));
        Assert.Equal("127.0.0.61", await Body(port));

        File.WriteAllText(proxy.ConfigPath, File.ReadAllText(proxy.ConfigPath).Replace("old.test.priv", "new.test.priv"));
        proxy.Process.Signal("HUP");
        Assert.True(await Eventually.Holds(async () => await Body(port) == "127.0.0.62", TimeSpan.FromSeconds(10)));
        int OldQueries() => dns.Log.Split('\n').Count(line => line.Contains("query[A] old.test.priv"));
        var before = OldQueries();
        Assert.True(before > 0, dns.Log);
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the TTL is 1 s: a live refresher would have asked twice more
        Assert.Equal(before, OldQueries());
    }
}
