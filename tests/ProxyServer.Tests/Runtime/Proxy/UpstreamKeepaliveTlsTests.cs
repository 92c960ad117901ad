using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// Upstream keepalive over <c>proxy_pass https://</c>, against nginx: an nginx TLS backend answers with its
/// <c>$connection</c> number, so the count of distinct numbers over a run of requests is the count of
/// TLS connections the proxy opened (one with <c>keepalive</c>, one per request without).
/// </summary>
public sealed class UpstreamKeepaliveTlsTests
{
    [Fact]
    public async Task HttpsUpstream_ConnectionsKeptOnlyWithKeepalive_AsNginx()
    {
        using var certificates = new TlsCertificates();
        certificates.SelfSigned("backend");
        var port = FreePort.Next();
        using var backend = NginxInstance.StartHttp($$"""
            server {
                listen 127.0.0.1:{{port}} ssl;
                ssl_certificate {{certificates.CertPath("backend")}};
                ssl_certificate_key {{certificates.KeyPath("backend")}};
                keepalive_requests 1000;
                location / { return 200 "$connection\n"; }
            }
            """, port);
        const string P0 = "{{P0}}";
        using var pair = DifferentialPair.StartHttp($$"""
            upstream kept { server 127.0.0.1:{{port}}; keepalive 2; }
            upstream plain { server 127.0.0.1:{{port}}; }
            server {
                listen 127.0.0.1:{{P0}};
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                location /kept/ { proxy_pass https://kept; }
                location /plain/ { proxy_pass https://plain; }
            }
            """);
        foreach (var (path, expected) in new[] { ("/kept/", 1), ("/plain/", 5) })
        {
            var nginx = await ConnectionsAsync(pair.NginxPort(), path);
            Assert.Equal(expected, nginx);
            Assert.Equal(nginx, await ConnectionsAsync(pair.OurPort(), path));
        }
    }

    private static async Task<int> ConnectionsAsync(int port, string path)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var response = await RawHttp.SendAsync(port, RawHttp.Get(path, "example.com"));
            Assert.Equal(200, response.Status);
            seen.Add(response.Body);
        }
        return seen.Count;
    }
}
