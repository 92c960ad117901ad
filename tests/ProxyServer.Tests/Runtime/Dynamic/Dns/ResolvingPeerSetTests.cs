using System.Net;
using ProxyServer.Runtime.Dynamic.Dns;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Dynamic.Dns;

public class ResolvingPeerSetTests
{
    [Fact]
    public async Task Peers_FollowRecords_AndEmptyOnNxdomain()
    {
        using var dns = DnsmasqInstance.Start([("app.test.priv", "127.0.0.21"), ("app.test.priv", "127.0.0.22")], ttl: 1);
        var resolver = new DnsNameResolver(ResolverSettingsParser.Parse([$"127.0.0.1:{dns.Port}", "ipv6=off"], TimeSpan.FromSeconds(2)));
        var logger = new RecordingLogger();
        await using var peers = new ResolvingPeerSet("app.test.priv", 8080, resolver, logger);
        var changes = 0;
        peers.Changed += _ => Interlocked.Increment(ref changes);
        peers.Start();
        await peers.FirstAnswer.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["127.0.0.21:8080", "127.0.0.22:8080"], peers.Peers.Select(p => p.ToString()));

        dns.SetRecords([("app.test.priv", "127.0.0.22"), ("app.test.priv", "127.0.0.23")]);
        Assert.True(await Eventually.Holds(() => peers.Peers.Select(p => p.ToString()).SequenceEqual(["127.0.0.22:8080", "127.0.0.23:8080"]), TimeSpan.FromSeconds(5)));

        dns.SetRecords([]);
        Assert.True(await Eventually.Holds(() => peers.Peers.IsEmpty, TimeSpan.FromSeconds(5)));
        Assert.True(logger.Contains("app.test.priv could not be resolved (3: Host not found)"));
        Assert.Equal(3, changes);
    }
}
