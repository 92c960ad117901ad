using System.Collections.Immutable;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.KvServers;

namespace ProxyServer.Tests.Runtime.Dynamic.KvServers;

public class KvServerLineTests
{
    [Fact]
    public void Parse_DefaultsAsNginxServer()
    {
        var server = KvServerLine.Parse("k", "127.0.0.22");
        Assert.Equal(new KvServer("k", "127.0.0.22", 80, 1, 1, TimeSpan.FromSeconds(10), false, false), server);
        Assert.Equal("127.0.0.22:80", server.Address);
    }

    [Fact]
    public void Parse_AllParameters()
    {
        var server = KvServerLine.Parse("k", "[::1]:8080  weight=3 max_fails=0 fail_timeout=1m backup down");
        Assert.Equal(new KvServer("k", "::1", 8080, 3, 0, TimeSpan.FromMinutes(1), true, true), server);
        Assert.Equal("[::1]:8080", server.Address);
    }

    [Theory]
    [InlineData("127.0.0.1:8080 weight=0", "invalid parameter \"weight=0\"")]
    [InlineData("127.0.0.1:8080 slow_start=1", "invalid parameter \"slow_start=1\"")]
    [InlineData("127.0.0.1:0", "invalid port in \"127.0.0.1:0\"")]
    [InlineData("bad/host", "invalid host in \"bad/host\"")]
    [InlineData("   ", "value is empty")]
    public void Validate_Bad_NginxWording(string value, string reason) => Assert.Equal(reason, KvServerLine.Validate(value));

    [Fact]
    public void ServersIn_KeyOrder_OnlyUnderPrefix()
    {
        var snapshot = new KvSnapshot(3, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["/proxy/upstreams/wordpress/host_02"] = "127.0.0.22:8080",
            ["/proxy/upstreams/wordpress/host_01"] = "127.0.0.21:8080 weight=2",
            ["/proxy/upstreams/wordpress/host_03"] = "127.0.0.23:8080 backup",
            ["/proxy/upstreams/other/host_01"] = "127.0.0.31:8080",
        }), false);
        var servers = new KvServersDefinition("main", "/proxy/upstreams/wordpress/").ServersIn(snapshot);
        Assert.Equal(["127.0.0.21:8080", "127.0.0.22:8080", "127.0.0.23:8080"], servers.Select(s => s.Address));
        Assert.Equal([2, 1, 1], servers.Select(s => s.Weight));
        Assert.Equal([false, false, true], servers.Select(s => s.Backup));
    }
}
