using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>proxy_hide_header / proxy_pass_header and the default hidden X-Accel-* / X-Pad, against nginx.</summary>
public sealed class ProxyHideHeaderTests(ProxyHideHeaderTests.Servers servers) : IClassFixture<ProxyHideHeaderTests.Servers>
{
    public sealed class Servers() : NginxBackendPair(BackendConfig, ProxyConfig)
    {
        private static string BackendConfig(int backendPort) => $$"""
                server {
                    listen 127.0.0.1:{{backendPort}};
                    add_header X-Accel-Charset utf-8;
                    add_header X-Pad pad;
                    add_header X-Secret s3;
                    add_header X-Kept kept;
                    return 200 "ok\n";
                }
                """;

        private static string ProxyConfig(int backendPort)
        {
            return $$"""
                server {
                    listen 127.0.0.1:{{"{{P0}}"}};
                    location /default { proxy_pass http://127.0.0.1:{{backendPort}}; }
                    location /custom {
                        proxy_hide_header X-Secret;
                        proxy_pass_header X-Pad;
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                }
                """;
        }
    }

    [Theory]
    [InlineData("/default")]
    [InlineData("/custom")]
    public async Task PassedHeaders_AsNginx(string path)
    {
        var (nginx, ours) = await servers.Pair.SendAsync(RawHttp.Get(path));
        foreach (var name in new[] { "X-Accel-Charset", "X-Pad", "X-Secret", "X-Kept" })
            Assert.True(nginx.Header(name) == ours.Header(name), $"{path} {name}: nginx {nginx.Header(name)}, ours {ours.Header(name)}");
        Assert.Equal("kept", ours.Header("X-Kept"));
    }
}
