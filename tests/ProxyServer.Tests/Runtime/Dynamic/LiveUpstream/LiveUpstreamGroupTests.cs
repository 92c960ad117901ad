using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Dynamic.Dns;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.KvServers;
using ProxyServer.Runtime.Dynamic.LiveUpstream;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Config;
using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Dynamic.Etcd;

namespace ProxyServer.Tests.Runtime.Dynamic.LiveUpstream;

/// <summary>An upstream fed by kv_servers (real etcd) and by a resolved server (real dnsmasq).</summary>
public class LiveUpstreamGroupTests
{
    [Fact]
    public async Task Peers_FollowEtcdAndDns_WithoutReload()
    {
        using var etcd = EtcdInstance.Start();
        using var dns = DnsmasqInstance.Start([("app.test.priv", "127.0.0.31")], ttl: 1);
        etcd.Put("/proxy/upstreams/wordpress/host_01", "127.0.0.21:8080 weight=2");
        var logger = new RecordingLogger();
        var definition = new KvServersDefinition("main", "/proxy/upstreams/wordpress/");
        await using var source = new KvSource(new KvSourceSettings("main", [etcd.Endpoint], null), [definition.Watch()], logger, KvSourceTests.Fast);
        source.Start();
        await source.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        var resolver = new DnsNameResolver(ResolverSettingsParser.Parse([$"127.0.0.1:{dns.Port}", "ipv6=off"], TimeSpan.FromSeconds(2)));
        var resolvable = ResolvableServer.TryParse(["app.test.priv:9090", "resolve", "backup"], ServerParameterSupport.All)!;
        await using var peers = new ResolvingPeerSet(resolvable.Host, resolvable.Port, resolver, logger);
        peers.Start();
        await peers.FirstAnswer.WaitAsync(TimeSpan.FromSeconds(5));

        using var group = new LiveUpstreamGroup("wordpress", BalancingMethod.RoundRobin, [UpstreamServer.Literal("127.0.0.11:8080")],
            [(source, definition)], [(resolvable, peers)], logger);
        Assert.Null(group.Current); // built without touching its sources: it follows them once started
        group.Start();
        Assert.Equal(["127.0.0.11:8080", "127.0.0.21:8080"], group.Current!.Primary.Peers.Select(p => p.Name));
        Assert.Equal(["127.0.0.31:9090"], group.Current.Backup!.Peers.Select(p => p.Name));
        Assert.Equal(2, group.Current.Primary.Peers[1].Weight);

        var before = group.Current;
        etcd.Put("/proxy/upstreams/wordpress/host_02", "127.0.0.22:8080");
        etcd.Put("/proxy/upstreams/wordpress/host_01", "127.0.0.21:8080 down");
        Assert.True(await Eventually.Holds(() => group.Current!.Primary.Peers.Count == 3 && group.Current.Primary.Peers[1].Down, TimeSpan.FromSeconds(1)));
        Assert.Equal(2, before.Primary.Peers.Count); // a request that started on the old group keeps it whole

        dns.SetRecords([("app.test.priv", "127.0.0.32"), ("app.test.priv", "127.0.0.33")]);
        Assert.True(await Eventually.Holds(() => group.Current!.Backup!.Peers.Select(p => p.Name).SequenceEqual(["127.0.0.32:9090", "127.0.0.33:9090"]), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task OnlyKvServers_EmptyPrefix_NoGroupUntilAServerAppears()
    {
        using var etcd = EtcdInstance.Start();
        var logger = new RecordingLogger();
        var definition = new KvServersDefinition("main", "/proxy/upstreams/empty/");
        await using var source = new KvSource(new KvSourceSettings("main", [etcd.Endpoint], null), [definition.Watch()], logger, KvSourceTests.Fast);
        source.Start();
        await source.Ready.WaitAsync(TimeSpan.FromSeconds(10));

        using var group = new LiveUpstreamGroup("empty", BalancingMethod.RoundRobin, [], [(source, definition)], [], logger);
        group.Start();
        Assert.Null(group.Current);
        Assert.True(logger.Contains("upstream \"empty\" has no servers now"));

        etcd.Put("/proxy/upstreams/empty/a", "127.0.0.41:8080");
        Assert.True(await Eventually.Holds(() => group.Current is not null, TimeSpan.FromSeconds(1)));
    }
}
