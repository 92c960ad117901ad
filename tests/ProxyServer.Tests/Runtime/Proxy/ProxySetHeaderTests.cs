using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>proxy_set_header against nginx: values, empty values dropping a header, inheritance, default drops.</summary>
public sealed class ProxySetHeaderTests(ProxySetHeaderTests.Servers servers) : IClassFixture<ProxySetHeaderTests.Servers>
{
    public sealed class Servers() : NginxBackendPair(BackendConfig, ProxyConfig)
    {
        private static string BackendConfig(int backendPort) => $$"""
                server {
                    listen 127.0.0.1:{{backendPort}};
                    return 200 "host=$http_host a=$http_x_a b=$http_x_b ua=$http_user_agent te=$http_te ka=$http_keep_alive up=$http_upgrade\n";
                }
                """;

        private static string ProxyConfig(int backendPort)
        {
            return $$"""
                proxy_set_header X-A "from-http $request_method";
                server {
                    listen 127.0.0.1:{{"{{P0}}"}};
                    location /inherit { proxy_pass http://127.0.0.1:{{backendPort}}; }
                    location /own {
                        proxy_set_header X-B "own $uri";
                        proxy_set_header User-Agent "";
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /host {
                        proxy_set_header Host $host:1234;
                        proxy_set_header X-A $http_x_client;
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                }
                """;
        }
    }

    [Theory]
    [InlineData("/inherit")]
    [InlineData("/own/x")]
    [InlineData("/host")]
    public async Task UpstreamRequestHeaders_AsNginx(string path) =>
        await servers.Pair.AssertSameAsync(RawHttp.Get(path, "example.test",
            "User-Agent: tester\r\nX-B: client-b\r\nX-Client: c1\r\nTE: trailers\r\nKeep-Alive: 5\r\nUpgrade: websocket\r\n"));
}
