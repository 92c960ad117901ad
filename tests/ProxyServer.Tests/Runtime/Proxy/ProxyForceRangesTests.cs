using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// proxy_force_ranges against nginx: a backend (nginx, <c>max_ranges 0</c>, so no Accept-Ranges) answers 8 bytes with
/// an ETag and Last-Modified; with the directive one satisfiable range becomes a 206 of those bytes (If-Range by date or
/// entity tag; several ranges: the whole 200), without it the whole 200. (An unsatisfiable range on a streamed
/// answer is nginx's 416 page and our whole 200: not compared.)
/// </summary>
public sealed class ProxyForceRangesTests(ProxyForceRangesTests.Servers servers) : IClassFixture<ProxyForceRangesTests.Servers>
{
    public sealed class Servers() : NginxBackendPair(BackendConfig, ProxyConfig)
    {
        private static string BackendConfig(int backendPort) => $$"""
                server {
                    listen 127.0.0.1:{{backendPort}};
                    location / {
                        max_ranges 0;
                        add_header Last-Modified "Mon, 28 Sep 1970 06:00:00 GMT";
                        add_header ETag '"59a5401c-8"';
                        default_type text/plain;
                        return 200 "SEE-THIS";
                    }
                }
                """;

        private static string ProxyConfig(int b) => $$"""
                server {
                    listen 127.0.0.1:{{P0}};
                    location / { proxy_pass http://127.0.0.1:{{b}}; }
                    location /force/ { proxy_pass http://127.0.0.1:{{b}}/; proxy_force_ranges on; }
                }
                """;

        private const string P0 = "{{P0}}";
    }

    [Theory]
    [InlineData("/t", "Range: bytes=4-")]
    [InlineData("/force/t", "Range: bytes=4-")]
    [InlineData("/force/t", "Range: bytes=-2")]
    [InlineData("/force/t", "Range: bytes=0-2,4-")]
    [InlineData("/force/t", "Range: bytes=4-\r\nIf-Range: Mon, 28 Sep 1970 06:00:00 GMT")]
    [InlineData("/force/t", "Range: bytes=4-\r\nIf-Range: Tue, 29 Sep 1970 06:00:00 GMT")]
    [InlineData("/force/t", "Range: bytes=4-\r\nIf-Range: \"59a5401c-8\"")]
    [InlineData("/force/t", "Range: bytes=4-\r\nIf-Range: \"other\"")]
    [InlineData("/force/t", "")]
    public async Task Range_AnsweredAsNginx(string path, string headers)
    {
        var request = RawHttp.Get(path, "example.com", headers.Length > 0 ? headers + "\r\n" : "");
        await servers.Pair.AssertSameAsync(request);
    }
}
