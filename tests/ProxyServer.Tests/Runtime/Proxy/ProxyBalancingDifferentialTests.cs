using System.Net;
using ProxyServer.Tests.Runtime.Upstream;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// End to end: the same requests through the real nginx and through proxyserver reach the same
/// backends in the same order, fail with the same statuses, and log the same <c>$upstream_addr</c>
/// and <c>$upstream_status</c> (dead peers included).
/// </summary>
public sealed class ProxyBalancingDifferentialTests(ProxyBalancingPair pair) : IClassFixture<ProxyBalancingPair>
{
    [Theory]
    [InlineData("rr_weighted")]
    [InlineData("rr_down")]
    [InlineData("rr_dead")]
    [InlineData("rr_dead_mf3")]
    [InlineData("rr_backup")]
    [InlineData("rr_all_dead")]
    [InlineData("rr_single_dead")]
    [InlineData("lc_weighted")]
    [InlineData("hash_dead")]
    [InlineData("chash_dead")]
    public async Task SameBackends_SameStatuses_SameUpstreamLog(string name)
    {
        var before = (Nginx: pair.NginxLog.Length, Ours: pair.OurLog.Length);
        var nginx = new List<string>();
        var ours = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var (n, o) = await pair.GetAsync($"/{name}/k{i * 37 % 101}");
            nginx.Add(n);
            ours.Add(o);
        }
        Assert.Equal(string.Join(",", nginx), string.Join(",", ours));
        Assert.Equal(pair.NginxLog[before.Nginx..], pair.OurLog[before.Ours..]);
    }

    [Fact]
    public async Task IpHash_FromManySources_SameBackends()
    {
        var random = new Random(11);
        for (var i = 0; i < 60; i++)
        {
            var source = new IPAddress([127, (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(1, 255)]);
            var (n, o) = await pair.GetAsync($"/ip_dead/r{i}", source);
            Assert.Equal(n, o);
        }
    }

    [Fact]
    public async Task NoLiveUpstreams_IsLogged()
    {
        await pair.GetAsync("/rr_all_dead/first");
        var (n, o) = await pair.GetAsync("/rr_all_dead/second");
        Assert.Equal(("502", "502"), (n, o));
        Assert.Contains("no live upstreams while connecting to upstream", pair.Pair.Nginx.ErrorLog);
        Assert.Contains("no live upstreams while connecting to upstream", pair.Pair.Ours.ErrorLog);
        // nginx's context order: request, then upstream, then host
        const string line = @"no live upstreams while connecting to upstream, client: \S+, server: \S*, request: ""GET /rr_all_dead/second HTTP/1.0"", upstream: ""http://rr_all_dead/rr_all_dead/second"", host: ""test""";
        Assert.Matches(line, pair.Pair.Nginx.ErrorLog);
        Assert.Matches(line, pair.Pair.Ours.ErrorLog);
        Assert.Contains("upstream server temporarily disabled while connecting to upstream", pair.Pair.Ours.ErrorLog);
    }
}
