using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// proxy_next_upstream on answered statuses, against nginx: a 500 or 404 listed is dropped and the next
/// peer tried (the last try's answer always passes), a status not listed passes at once, a POST that reached
/// a peer is not sent again unless <c>non_idempotent</c>, and <c>proxy_next_upstream_tries</c> stops early.
/// Each case has its own upstream group so balancer state does not leak between cases; the access log
/// (<c>$upstream_addr $upstream_status</c>) must match line for line.
/// </summary>
public sealed class ProxyNextUpstreamStatusTests(ProxyNextUpstreamStatusTests.Servers servers) : IClassFixture<ProxyNextUpstreamStatusTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public Servers()
        {
            int[] ports = [FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next()];
            var (e500, other500, e404, ok) = (ports[0], ports[1], ports[2], ports[3]);
            Backends = NginxInstance.StartHttp($$"""
                server { listen 127.0.0.1:{{e500}}; return 500 "500 from {{e500}}\n"; }
                server { listen 127.0.0.1:{{other500}}; return 500 "500 from {{other500}}\n"; }
                server { listen 127.0.0.1:{{e404}}; return 404 "404 from {{e404}}\n"; }
                server { listen 127.0.0.1:{{ok}}; return 200 "200 from {{ok}}\n"; }
                """, ports);
            const string P0 = "{{P0}}";
            string Group(string name, params int[] peers) =>
                $"upstream {name} {{ {string.Concat(peers.Select(p => $"server 127.0.0.1:{p}; "))}}}";
            Pair = DifferentialPair.StartHttp($$"""
                log_format upstreams "$request_method $uri $status $upstream_addr $upstream_status";
                {{Group("r500", e500, ok)}}
                {{Group("r404", e404, ok)}}
                {{Group("no500", e500, ok)}}
                {{Group("post500", e500, ok)}}
                {{Group("post500ni", e500, ok)}}
                {{Group("all500", e500, other500)}}
                {{Group("tries", e500, other500, ok)}}
                server {
                    listen 127.0.0.1:{{P0}};
                    access_log upstreams.log upstreams;
                    location /r500/ { proxy_pass http://r500; proxy_next_upstream error timeout http_500; }
                    location /r404/ { proxy_pass http://r404; proxy_next_upstream http_404; }
                    location /no500/ { proxy_pass http://no500; }
                    location /post500/ { proxy_pass http://post500; proxy_next_upstream http_500; }
                    location /post500ni/ { proxy_pass http://post500ni; proxy_next_upstream http_500 non_idempotent; }
                    location /all500/ { proxy_pass http://all500; proxy_next_upstream http_500; }
                    location /tries/ { proxy_pass http://tries; proxy_next_upstream http_500; proxy_next_upstream_tries 2; }
                }
                """);
        }

        public NginxInstance Backends { get; }
        public DifferentialPair Pair { get; }

        public void Dispose()
        {
            Pair.Dispose();
            Backends.Dispose();
        }
    }

    [Theory]
    [InlineData("GET", "/r500/")]
    [InlineData("GET", "/r404/")]
    [InlineData("GET", "/no500/")]
    [InlineData("POST", "/post500/")]
    [InlineData("POST", "/post500ni/")]
    [InlineData("GET", "/all500/")]
    [InlineData("GET", "/tries/")]
    public async Task SameAnswers_SameUpstreamLog(string method, string path)
    {
        var nginx = new List<string>();
        var ours = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var request = $"{method} {path}{i} HTTP/1.0\r\nHost: example.com\r\nContent-Length: 2\r\n\r\nhi";
            var (n, o) = await servers.Pair.SendAsync(request);
            nginx.Add(DifferentialPair.Describe(n, [servers.Pair.NginxPort()]));
            ours.Add(DifferentialPair.Describe(o, [servers.Pair.OurPort()]));
        }
        Assert.Equal(string.Join("\n", nginx), string.Join("\n", ours));
        var log = await LogOfAsync(servers.Pair.Nginx.Prefix, path);
        Assert.Equal(4, log.Split('\n').Length);
        Assert.Equal(log, await LogOfAsync(servers.Pair.Ours.Prefix, path));
    }

    /// <summary>The case's four access log lines (a server logs after answering: wait for the last one).</summary>
    private static async Task<string> LogOfAsync(string prefix, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var lines = ProxyBalancingPair.ReadLog(prefix).Split('\n').Where(l => l.Contains($" {path}")).ToList();
            if (lines.Count >= 4 || DateTime.UtcNow > deadline) return string.Join("\n", lines);
            await Task.Delay(20);
        }
    }
}
