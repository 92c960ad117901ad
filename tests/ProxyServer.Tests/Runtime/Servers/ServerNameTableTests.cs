using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Model;
using ProxyServer.Runtime.Servers;

namespace ProxyServer.Tests.Runtime.Servers;

/// <summary>The name table's precedence at scale (timings live in bench/ServerNameLookupBenchmarks).</summary>
public sealed class ServerNameTableTests
{
    private static VirtualServer Server(string name) => new()
    {
        Names = [name],
        Root = new LocationConfig { Kind = LocationKind.Server, Name = "", Position = default, Core = new CoreLocationSettings(), Features = new FeatureCollection() },
        NamedLocations = new Dictionary<string, LocationConfig>(),
        Position = default,
    };

    [Fact]
    public void TenThousandNames_EachKindFindsItsOwner_LongestWildcardWins()
    {
        var table = new ServerNameTable();
        var exact = new VirtualServer[10_000];
        for (var i = 0; i < exact.Length; i++)
        {
            exact[i] = Server($"host{i}");
            Assert.True(table.AddExact($"host{i}.example.com", exact[i]));
        }
        var shortLeading = Server("*.example.com");
        var longLeading = Server("*.deep.example.com");
        var trailing = Server("www.example.*");
        table.AddLeading("example.com", shortLeading);
        table.AddLeading("deep.example.com", longLeading);
        table.AddTrailing("www.example", trailing);

        Assert.Same(exact[0], table.Find("host0.example.com", null));
        Assert.Same(exact[9_999], table.Find("host9999.example.com", null));
        Assert.Same(shortLeading, table.Find("other.example.com", null));
        Assert.Same(longLeading, table.Find("a.b.deep.example.com", null));
        Assert.Same(shortLeading, table.Find("deep.example.com", null));
        Assert.Same(trailing, table.Find("www.example.org", null));
        Assert.Null(table.Find("www.example", null));
        Assert.Null(table.Find("example.com", null));
        Assert.False(table.AddExact("host5.example.com", Server("dup")));
    }
}
