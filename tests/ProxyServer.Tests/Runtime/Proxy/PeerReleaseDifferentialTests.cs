using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// When a peer is free again (issue 23, "Peer accounting"): nginx releases the upstream peer as soon as the
/// upstream response is complete (ngx_http_upstream_finalize_request), before the client holds the last byte.
/// A client that sends its next request the moment the previous response is complete must then meet the same
/// least_conn choice as with nginx: every peer idle, so the weighted round robin order over 2/1/1.
/// </summary>
public sealed class PeerReleaseDifferentialTests : IDisposable
{
    private readonly NginxInstance _backends;
    private readonly int[] _backendPorts = [FreePort.Next(), FreePort.Next(), FreePort.Next()];
    private readonly DifferentialPair _pair;

    public PeerReleaseDifferentialTests()
    {
        // Each backend answers its own index, with Content-Length: the response is complete at its last byte.
        _backends = NginxInstance.StartHttp(string.Join("\n", _backendPorts.Select((p, i) =>
            $"server {{ listen 127.0.0.1:{p}; keepalive_requests 100000; location / {{ return 200 B{i + 1}; }} location /big {{ return 200 '{new string('x', 3000)}B{i + 1}'; }} }}")), _backendPorts);
        var servers = $"server 127.0.0.1:{_backendPorts[0]} weight=2; server 127.0.0.1:{_backendPorts[1]}; server 127.0.0.1:{_backendPorts[2]};";
        _pair = DifferentialPair.StartHttp($$"""
            upstream lc { least_conn; {{servers}} }
            upstream lc_keepalive { least_conn; {{servers}} keepalive 4; }
            server {
                listen 127.0.0.1:{{"{{P0}}"}};
                keepalive_requests 100000;
                location / { proxy_pass http://lc; }
                location /keepalive/ { proxy_pass http://lc_keepalive/; proxy_http_version 1.1; proxy_set_header Connection ""; }
            }
            """);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/big")]
    [InlineData("/keepalive/")]
    [InlineData("/keepalive/big")]
    public async Task SequentialRequests_OnOneConnection_MeetThePeersInNginxsOrder(string path)
    {
        // Repeated: a peer freed late shows only now and then, when the next request overtakes the release.
        for (var round = 0; round < 10; round++)
        {
            var nginx = await PeerOrderAsync(_pair.NginxPort(), path);
            var ours = await PeerOrderAsync(_pair.OurPort(), path);
            Assert.Equal(nginx, ours);
        }
    }

    /// <summary>40 requests, each sent as soon as the previous response is complete, over one kept-alive connection.</summary>
    private static async Task<string> PeerOrderAsync(int port, string path)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false });
        var peers = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var body = await client.GetStringAsync($"http://127.0.0.1:{port}{path}");
            peers.Add(body[^2..]);
        }
        return string.Join(" ", peers);
    }

    public void Dispose()
    {
        _pair.Dispose();
        _backends.Dispose();
    }
}
