using System.Net;
using ProxyServer.Runtime.Dynamic.Dns;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Dynamic.Dns;

/// <summary>The resolver against a real dnsmasq on a loopback port.</summary>
public class DnsNameResolverTests
{
    private static DnsNameResolver ResolverFor(DnsmasqInstance dns, params string[] parameters) =>
        new(ResolverSettingsParser.Parse([$"127.0.0.1:{dns.Port}", .. parameters], TimeSpan.FromSeconds(2)));

    [Fact]
    public async Task Resolve_ARecord_AnswerCarriesTtl()
    {
        using var dns = DnsmasqInstance.Start([("user_01.jira.com", "127.0.0.11")], ttl: 30);
        var resolver = ResolverFor(dns);
        var before = DateTimeOffset.UtcNow;

        var answer = await resolver.ResolveAsync("User_01.Jira.com.");

        Assert.True(answer.Succeeded, answer.ErrorLogText);
        Assert.Equal<IPAddress>([IPAddress.Parse("127.0.0.11")], answer.Addresses);
        Assert.InRange(answer.ValidUntil, before.AddSeconds(29), DateTimeOffset.UtcNow.AddSeconds(31));
    }

    [Fact]
    public async Task Resolve_SeveralRecords_EachAnswerStartsOneFurther()
    {
        using var dns = DnsmasqInstance.Start([("pool.test.priv", "127.0.0.21"), ("pool.test.priv", "127.0.0.22"), ("pool.test.priv", "::1")], ttl: 30);
        var resolver = ResolverFor(dns);

        var firsts = new List<IPAddress>();
        for (var i = 0; i < 6; i++) firsts.Add((await resolver.ResolveAsync("pool.test.priv")).Addresses[0]);

        var all = (await resolver.ResolveAsync("pool.test.priv")).Addresses;
        Assert.Equal(3, all.Length);
        Assert.Contains(IPAddress.IPv6Loopback, all);
        // Every address leads equally often: round robin over the records.
        Assert.All(all, a => Assert.Equal(2, firsts.Count(f => f.Equals(a))));
    }

    [Fact]
    public async Task Resolve_Ipv6Off_OnlyARecords()
    {
        using var dns = DnsmasqInstance.Start([("pool.test.priv", "127.0.0.21"), ("pool.test.priv", "::1")], ttl: 30);
        var answer = await ResolverFor(dns, "ipv6=off").ResolveAsync("pool.test.priv");
        Assert.Equal<IPAddress>([IPAddress.Parse("127.0.0.21")], answer.Addresses);
    }

    [Fact]
    public async Task Resolve_RecordChanges_NewAddressOnlyAfterTtl()
    {
        using var dns = DnsmasqInstance.Start([("tenant.test.priv", "127.0.0.11")], ttl: 2);
        var resolver = ResolverFor(dns);
        Assert.Equal(IPAddress.Parse("127.0.0.11"), (await resolver.ResolveAsync("tenant.test.priv")).Addresses.Single());

        dns.SetRecords([("tenant.test.priv", "127.0.0.12")]);
        var cached = await resolver.ResolveAsync("tenant.test.priv");
        var changed = await Eventually.Holds(async () => (await resolver.ResolveAsync("tenant.test.priv")).Addresses.Single().Equals(IPAddress.Parse("127.0.0.12")), TimeSpan.FromSeconds(4));

        Assert.Equal(IPAddress.Parse("127.0.0.11"), cached.Addresses.Single()); // still within the 2 s TTL
        Assert.True(changed);
    }

    [Fact]
    public async Task Resolve_UnknownName_HostNotFound_CachedForValid()
    {
        using var dns = DnsmasqInstance.Start([("known.test.priv", "127.0.0.11")], ttl: 1);
        var resolver = ResolverFor(dns, "valid=30s");

        var answer = await resolver.ResolveAsync("nope.test.priv");
        Assert.False(answer.Succeeded);
        Assert.Equal("nope.test.priv could not be resolved (3: Host not found)", answer.ErrorLogText);

        // The failure is remembered for valid=30s: the record appearing now is not seen yet.
        dns.SetRecords([("known.test.priv", "127.0.0.11"), ("nope.test.priv", "127.0.0.13")]);
        Assert.False((await resolver.ResolveAsync("nope.test.priv")).Succeeded);
        Assert.True((await ResolverFor(dns).ResolveAsync("nope.test.priv")).Succeeded);
    }

    [Fact]
    public async Task Resolve_NoServerAnswers_TimedOutAndNotCached()
    {
        var deadPort = FreePort.Next();
        var resolver = new DnsNameResolver(ResolverSettingsParser.Parse([$"127.0.0.1:{deadPort}"], TimeSpan.FromMilliseconds(500)));

        var answer = await resolver.ResolveAsync("anything.test.priv");

        Assert.Equal("anything.test.priv could not be resolved (110: Operation timed out)", answer.ErrorLogText);
        Assert.True(answer.ValidUntil <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Resolve_IpLiteral_NoQuery()
    {
        var resolver = new DnsNameResolver(ResolverSettingsParser.Parse([$"127.0.0.1:{FreePort.Next()}"], TimeSpan.FromMilliseconds(100)));
        Assert.Equal<IPAddress>([IPAddress.Parse("127.0.0.9")], (await resolver.ResolveAsync("127.0.0.9")).Addresses);
    }
}
