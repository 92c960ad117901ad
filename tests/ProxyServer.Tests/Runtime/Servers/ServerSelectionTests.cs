using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Servers;

/// <summary>Virtual server selection by listen socket and Host, answered by real nginx and by us.</summary>
public sealed class ServerSelectionTests(ServerSelectionTests.Servers servers) : IClassFixture<ServerSelectionTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server { listen 127.0.0.1:{{P0}}; server_name a.com www.a.com; return 200 "A $server_name|$host\n"; }
            server { listen 127.0.0.1:{{P0}} default_server; server_name _; return 200 "B default $server_name|$host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name *.b.com; return 200 "C $server_name|$host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name *.x.b.com; return 200 "D $server_name|$host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name www.c.*; return 200 "E $server_name|$host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name www.c.co.*; return 200 "E2 $server_name|$host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name .d.com; return 200 "F $server_name|$host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ~^(?<sub>\w+)\.e\.com$; return 200 "G $sub|$1|$host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ~^(\w+)\.(\w+)\.re$ ~^(?P<py>\w+)\.py$; return 200 "H $1|$2|$py|$host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ""; return 200 "I empty|$host|$server_name\n"; }
            server { listen 127.0.0.1:{{P1}}; return 200 "first on P1 $host\n"; }
            server { listen 127.0.0.1:{{P1}}; server_name p1.com; return 200 "p1 $host\n"; }
            """, portCount: 2);

        public void Dispose() => Pair.Dispose();
    }

    public static TheoryData<string> Hosts => new()
    {
        "a.com", "A.COM", "a.com.", "a.com:8080", "www.a.com", "q.b.com", "q.x.b.com", "x.b.com", "b.com", "deep.q.x.b.com",
        "www.c.org", "www.c.co.uk", "www.c", "d.com", "z.d.com", "foo.e.com", "FOO.E.COM", "p.q.re", "name.py", "unknown",
        "127.0.0.1", "[::1]:80", "[::1]", "a..b", ".a.com", "a.com..", "_",
        // Not here: "a b", "a/b" (Kestrel answers 400 itself, with an empty body) and "x:y:z", "a\\b" (Kestrel refuses, nginx accepts).
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task HostHeader_PicksSameServerAsNginx(string host) => await servers.Pair.AssertSameAsync(RawHttp.Get("/", host));

    public static TheoryData<string, int> RawRequests => new()
    {
        { "GET / HTTP/1.0\r\n\r\n", 0 },
        { "GET / HTTP/1.0\r\nHost:\r\n\r\n", 0 },
        { "GET http://a.com/x HTTP/1.0\r\nHost: q.b.com\r\n\r\n", 0 },
        { "GET http://A.com:99/x?y HTTP/1.1\r\nHost: q.b.com\r\nConnection: close\r\n\r\n", 0 },
        { "GET http://a.com?y HTTP/1.1\r\nHost: q.b.com\r\nConnection: close\r\n\r\n", 0 },
        { "GET http://A.com:99?y#z HTTP/1.1\r\nHost: q.b.com\r\nConnection: close\r\n\r\n", 0 },
        { "GET / HTTP/1.1\r\nHost: a.com\r\nConnection: close\r\n\r\n", 0 },
        { "GET / HTTP/1.0\r\n\r\n", 1 },
        { "GET / HTTP/1.0\r\nHost: p1.com\r\n\r\n", 1 },
        { "GET / HTTP/1.0\r\nHost: a.com\r\n\r\n", 1 },
    };

    [Theory]
    [MemberData(nameof(RawRequests))]
    public async Task RawRequest_SameAnswerAsNginx(string request, int port) => await servers.Pair.AssertSameAsync(request, port);
}
