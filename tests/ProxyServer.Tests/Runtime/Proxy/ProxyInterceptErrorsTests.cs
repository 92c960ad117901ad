using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// proxy_intercept_errors against nginx: an upstream status of 300 or more that the location has an
/// error_page for is answered by that page (URI, named location, "=code", a redirect URL); a status
/// without an error_page, or with interception off, passes the upstream's own response.
/// </summary>
public sealed class ProxyInterceptErrorsTests(ProxyInterceptErrorsTests.Servers servers) : IClassFixture<ProxyInterceptErrorsTests.Servers>
{
    public sealed class Servers() : NginxBackendPair(BackendConfig, ProxyConfig)
    {
        private static string BackendConfig(int backendPort) => $$"""
                server {
                    listen 127.0.0.1:{{backendPort}};
                    location ~ /200$ { return 200 "upstream 200\n"; }
                    location ~ /302$ { return 302 http://elsewhere.example/; }
                    location ~ /401$ { add_header WWW-Authenticate 'Basic realm="r"' always; return 401 "upstream 401\n"; }
                    location ~ /403$ { return 403 "upstream 403\n"; }
                    location ~ /404$ { return 404 "upstream 404\n"; }
                    location ~ /500$ { return 500 "upstream 500\n"; }
                    location ~ /503$ { return 503 "upstream 503\n"; }
                }
                """;

        private static string ProxyConfig(int backendPort)
        {
            const string P0 = "{{P0}}";
            return $$"""
                server {
                    listen 127.0.0.1:{{P0}};
                    location /on/ {
                        proxy_pass http://127.0.0.1:{{backendPort}};
                        proxy_intercept_errors on;
                        error_page 404 401 /errors/page;
                        error_page 500 =200 @fallback;
                        error_page 302 =204 /errors/page;
                        error_page 503 http://maintenance.example/;
                    }
                    location /nopage/ { proxy_pass http://127.0.0.1:{{backendPort}}; proxy_intercept_errors on; }
                    location /off/ { proxy_pass http://127.0.0.1:{{backendPort}}; error_page 404 /errors/page; }
                    location /errors/ { return 200 "error page $uri for $request_uri, upstream said $upstream_status\n"; }
                    location @fallback { return 200 "fallback, upstream said $upstream_status\n"; }
                }
                """;
        }
    }

    [Theory]
    [InlineData("/on/200")]
    [InlineData("/on/302")]
    [InlineData("/on/401")]
    [InlineData("/on/403")]
    [InlineData("/on/404")]
    [InlineData("/on/500")]
    [InlineData("/on/503")]
    [InlineData("/nopage/404")]
    [InlineData("/nopage/500")]
    [InlineData("/off/404")]
    public async Task SameAnswerAsNginx(string path) => await servers.Pair.AssertSameAsync(RawHttp.Get(path, "example.com"));

    [Fact]
    public async Task Intercepted401_KeepsTheUpstreamChallenge()
    {
        var (nginx, ours) = await servers.Pair.SendAsync(RawHttp.Get("/on/401", "example.com"));
        Assert.Equal("Basic realm=\"r\"", nginx.Header("WWW-Authenticate"));
        Assert.Equal(nginx.Header("WWW-Authenticate"), ours.Header("WWW-Authenticate"));
    }
}
