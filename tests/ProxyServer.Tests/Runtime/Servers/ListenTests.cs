using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Servers;

/// <summary>
/// listen variants: a wildcard and a specific address on one port (nginx binds the wildcard and
/// picks the address config by the connection's local address), port-only, IPv6.
/// </summary>
public sealed class ListenTests(ListenTests.Servers servers) : IClassFixture<ListenTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server { listen {{P0}}; return 200 "wildcard $server_addr\n"; }
            server { listen 127.0.0.2:{{P0}}; return 200 "specific-2 $server_addr\n"; }
            server { listen 127.0.0.3:{{P0}}; server_name three.example; return 200 "three named\n"; }
            server { listen 127.0.0.3:{{P0}} default_server; return 200 "three default\n"; }
            server { listen *:{{P1}}; listen [::1]:{{P1}}; return 200 "both families $server_addr\n"; }
            """, portCount: 2);

        public void Dispose() => Pair.Dispose();
    }

    public static TheoryData<string, int, string?> Requests => new()
    {
        { "127.0.0.1", 0, null }, { "127.0.0.2", 0, null }, { "127.0.0.3", 0, null }, { "127.0.0.3", 0, "three.example" },
        { "127.0.0.4", 0, "three.example" }, { "127.0.0.1", 1, null }, { "::1", 1, null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task LocalAddress_PicksSameServerAsNginx(string address, int port, string? host)
    {
        var request = RawHttp.Get("/", host);
        var nginx = await RawHttp.SendAsync(servers.Pair.NginxPort(port), request, address);
        var ours = await RawHttp.SendAsync(servers.Pair.OurPort(port), request, address);
        int[] nginxPorts = [servers.Pair.NginxPort(0), servers.Pair.NginxPort(1)];
        int[] ourPorts = [servers.Pair.OurPort(0), servers.Pair.OurPort(1)];
        Assert.Equal(DifferentialPair.Describe(nginx, nginxPorts), DifferentialPair.Describe(ours, ourPorts));
    }
}
