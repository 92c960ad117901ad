using System.Collections.Immutable;
using System.Net;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.KvServers;

namespace ProxyServer.Tests.Runtime.Dynamic.KvServers;

public class KvServerLineTests
{
    [Fact]
    public void Parse_DefaultsAsNginxServer()
    {
        var server = KvServerLine.Parse("127.0.0.22").Server!;
        Assert.Equal([new IPEndPoint(IPAddress.Parse("127.0.0.22"), 80)], server.Addresses);
        Assert.Equal((1, 1, TimeSpan.FromSeconds(10), false, false), (server.Weight, server.MaxFails, server.FailTimeout, server.Backup, server.Down));
    }

    [Fact]
    public void Parse_AllParameters()
    {
        var server = KvServerLine.Parse("[::1]:8080  weight=3 max_fails=0 fail_timeout=1m max_conns=7 backup down").Server!;
        Assert.Equal([new IPEndPoint(IPAddress.IPv6Loopback, 8080)], server.Addresses);
        Assert.Equal((3, 0, TimeSpan.FromMinutes(1), 7, true, true), (server.Weight, server.MaxFails, server.FailTimeout, server.MaxConns, server.Backup, server.Down));
    }

    // The same words as nginx -t gives for these parameters on an upstream server line.
    [Theory]
    [InlineData("127.0.0.1:8080 weight=0", "invalid parameter \"weight=0\"")]
    [InlineData("127.0.0.1:8080 bogus=1", "invalid parameter \"bogus=1\"")]
    [InlineData("127.0.0.1:0", "invalid port in upstream \"127.0.0.1:0\"")]
    [InlineData("bad/host", "invalid host in upstream \"bad/host\"")]
    [InlineData("backend.example:8080", "host not found in upstream \"backend.example:8080\"")]
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
        Assert.Equal(["127.0.0.21:8080", "127.0.0.22:8080", "127.0.0.23:8080"], servers.Select(s => s.Name));
        Assert.Equal([2, 1, 1], servers.Select(s => s.Weight));
        Assert.Equal([false, false, true], servers.Select(s => s.Backup));
    }
}
