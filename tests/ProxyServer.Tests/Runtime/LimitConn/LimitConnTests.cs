using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Access;

namespace ProxyServer.Tests.Runtime.LimitConn;

/// <summary>
/// <c>limit_conn</c> against the real nginx: a request held open (its upstream request waits in a
/// <c>limit_req</c> delay) counts against its key, so another request with that key is refused with
/// <c>limit_conn_status</c> and nginx's log line, another key passes, and once the held request ends the
/// key passes again; <c>$limit_conn_status</c> and dry run.
/// </summary>
public sealed class LimitConnTests(LimitConnTests.Servers servers) : IClassFixture<LimitConnTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            limit_req_zone $arg_k zone=wait:1m rate=12r/m;
            limit_conn_zone $arg_k zone=conn:1m;
            server {
                listen 127.0.0.1:{{P1}};
                location /held { limit_req zone=wait burst=5; alias /etc/hostname; }
            }
            server {
                listen 127.0.0.1:{{P0}};
                add_header X-Conn $limit_conn_status always;
                location /hold { limit_conn conn 1; proxy_pass http://127.0.0.1:{{P1}}/held; }
                location /other { limit_conn conn 1; limit_conn_status 429; alias /etc/hostname; }
                location /dry { limit_conn conn 1; limit_conn_dry_run on; limit_conn_log_level info; alias /etc/hostname; }
                location /free { alias /etc/hostname; }
            }
            server {
                listen 127.0.0.1:{{P2}} http2;
                location /hold { limit_conn conn 1; proxy_pass http://127.0.0.1:{{P1}}/held; }
            }
            """, portCount: 3);

        public void Dispose() => Pair.Dispose();
    }

    private DifferentialPair Pair => servers.Pair;

    private static string Describe(RawResponse r) => $"{r.Status} {r.Header("X-Conn")}";

    /// <summary>Runs <paramref name="whileHeld"/> on one side while a request with key <paramref name="key"/> is in progress there.</summary>
    private static async Task<List<string>> WhileHeldAsync(int port, int upstreamPort, string key, params string[] whileHeld)
    {
        // The first request to the upstream location passes at once; the held one then waits there 5 s
        // (12r/m), long enough for the requests below on a loaded machine (at 0.5 s nginx's side once
        // finished holding before they came).
        await RawHttp.SendAsync(upstreamPort, RawHttp.Get($"/held?k={key}"));
        var held = RawHttp.SendAsync(port, RawHttp.Get($"/hold?k={key}"));
        await Task.Delay(1000);
        var results = new List<string>();
        foreach (var target in whileHeld) results.Add(Describe(await RawHttp.SendAsync(port, RawHttp.Get(target))));
        results.Add(Describe(await held));
        return results;
    }

    /// <summary>Two HTTP/2 streams of one connection (h2c, prior knowledge) with the same key: each is a request, so one is refused.</summary>
    private static async Task<List<string>> TwoStreamsAsync(int port, int upstreamPort)
    {
        await RawHttp.SendAsync(upstreamPort, RawHttp.Get("/held?k=h2"));
        using var client = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false })
        {
            DefaultRequestVersion = System.Net.HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var url = $"http://127.0.0.1:{port}/hold?k=h2";
        var first = client.GetAsync(url);
        await Task.Delay(1000);
        var second = await client.GetAsync(url);
        var responses = new[] { await first, second };
        return [.. responses.Select(r => $"{r.Version} {(int)r.StatusCode}").Order()];
    }

    [Fact]
    public async Task Http2Streams_CountOneEach_AsNginx()
    {
        var nginx = await TwoStreamsAsync(Pair.NginxPort(2), Pair.NginxPort(1));
        var ours = await TwoStreamsAsync(Pair.OurPort(2), Pair.OurPort(1));
        Assert.Equal(nginx, ours);
        Assert.Equal(["2.0 200", "2.0 503"], ours);
    }

    [Fact]
    public async Task HeldRequest_CountsAgainstItsKey_AsNginx()
    {
        string[] whileHeld = ["/other?k=a", "/other?k=b", "/free?k=a", "/dry?k=a"];
        var nginx = WhileHeldAsync(Pair.NginxPort(0), Pair.NginxPort(1), "a", whileHeld);
        var ours = WhileHeldAsync(Pair.OurPort(0), Pair.OurPort(1), "a", whileHeld);
        Assert.Equal(await nginx, await ours);
        Assert.Equal(["429 REJECTED", "200 PASSED", "200 ", "200 REJECTED_DRY_RUN", "200 PASSED"], await ours);
        await AccessLogLines.AssertSameAsync(Pair, "/other?k=a");
        await AccessLogLines.AssertSameAsync(Pair, "/dry?k=a");
        // The held request is over: its key passes again.
        var (after, afterOurs) = await Pair.SendAsync(RawHttp.Get("/other?k=a"));
        Assert.Equal(Describe(after), Describe(afterOurs));
    }
}
