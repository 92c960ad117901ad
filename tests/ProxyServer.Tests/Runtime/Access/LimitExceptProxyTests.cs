using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Access;

/// <summary>
/// A <c>limit_except</c> block proxies as the location it is in (nginx merges the location's
/// <c>proxy_pass</c> into it): the method it does not list reaches the backend with the same
/// request line as under nginx, URI part replaced, once its access rules let it through; a
/// <c>proxy_pass</c> inside the block serves only those methods.
/// </summary>
public sealed class LimitExceptProxyTests(LimitExceptProxyTests.Servers servers) : IClassFixture<LimitExceptProxyTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public Servers()
        {
            var e = Echo.Port;
            const string P0 = "{{P0}}";
            Pair = DifferentialPair.StartHttp($$"""
                server {
                    listen 127.0.0.1:{{P0}};
                    location /api/ {
                        proxy_pass http://127.0.0.1:{{e}}/backend/;
                        limit_except GET { allow 127.0.0.1; deny all; }
                    }
                    location /closed/ {
                        proxy_pass http://127.0.0.1:{{e}}/backend/;
                        limit_except GET { deny all; }
                    }
                    location /writes/ {
                        limit_except GET { proxy_pass http://127.0.0.1:{{e}}; }
                    }
                }
                """);
        }

        public EchoHttpServer Echo { get; } = new();
        public DifferentialPair Pair { get; }

        public void Dispose()
        {
            Pair.Dispose();
            Echo.Dispose();
        }
    }

    [Theory]
    [InlineData("GET", "/api/items?x=1")]
    [InlineData("POST", "/api/items?x=1")]
    [InlineData("DELETE", "/api/items/7")]
    [InlineData("GET", "/closed/items")]
    [InlineData("POST", "/closed/items")]
    [InlineData("GET", "/writes/items")]
    [InlineData("PUT", "/writes/items")]
    public async Task Method_ReachesTheBackendAsUnderNginx(string method, string target)
    {
        var request = $"{method} {target} HTTP/1.0\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n";
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        Assert.Equal(nginx.Status, ours.Status);
        Assert.Equal(FirstLine(nginx.Body), FirstLine(ours.Body));
        await AccessLogLines.AssertSameAsync(servers.Pair, target);
    }

    private static string FirstLine(string body) => body.Split("\r\n")[0];
}
