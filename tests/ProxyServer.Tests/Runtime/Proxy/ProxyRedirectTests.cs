using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// proxy_redirect against nginx: a backend (nginx, <c>absolute_redirect off</c>) answers 302 with the
/// Location and Refresh the client asks for (<c>X-Location</c>, <c>X-Refresh</c>); both proxies must pass
/// them on rewritten the same way: default rules with and without a URI part, an upstream name, off,
/// explicit prefixes with variables, regexes with captures, server-level rules, nested locations.
/// </summary>
public sealed class ProxyRedirectTests(ProxyRedirectTests.Servers servers) : IClassFixture<ProxyRedirectTests.Servers>
{
    public sealed class Servers() : NginxBackendPair(BackendConfig, ProxyConfig, portCount: 2)
    {
        private static string BackendConfig(int backendPort) => $$"""
                server {
                    listen 127.0.0.1:{{backendPort}};
                    absolute_redirect off;
                    location / { add_header Refresh $http_x_refresh always; return 302 $http_x_location; }
                }
                """;

        private static string ProxyConfig(int b) => $$"""
                upstream backend { server 127.0.0.1:{{b}}; }
                server {
                    listen 127.0.0.1:{{P0}};
                    location /def/ { proxy_pass http://127.0.0.1:{{b}}/inner/; }
                    location /nouri/ { proxy_pass http://127.0.0.1:{{b}}; }
                    location /up/ { proxy_pass http://backend/up/; }
                    location = /exact { proxy_pass http://127.0.0.1:{{b}}/e; }
                    location ~ ^/re/ { proxy_pass http://127.0.0.1:{{b}}; }
                    location /off/ { proxy_pass http://127.0.0.1:{{b}}/; proxy_redirect off; }
                    location /explicit/ {
                        proxy_pass http://127.0.0.1:{{b}}/;
                        proxy_redirect http://127.0.0.1:{{b}}/one/ /two/;
                        proxy_redirect http://elsewhere/ http://$host:$server_port/z/;
                        proxy_redirect default;
                    }
                    location /regex/ {
                        proxy_pass http://127.0.0.1:{{b}}/;
                        proxy_redirect ~^http://[^/]+/r/(?<rest>.*)$ /re/$rest;
                        proxy_redirect ~*^HTTP://ELSE(.*)$ http://y$1;
                    }
                    location /vars/ { set $b 127.0.0.1:{{b}}; proxy_pass http://$b; }
                    location /pv/ { proxy_pass http://127.0.0.1:{{b}}/; proxy_redirect http://$proxy_host/ /pv/; }
                    location /noabs/ { absolute_redirect off; proxy_pass http://127.0.0.1:{{b}}/; }
                    location /outer/ {
                        proxy_pass http://127.0.0.1:{{b}}/o/;
                        location /outer/inner/ { proxy_pass http://127.0.0.1:{{b}}/i/; }
                    }
                }
                server {
                    listen 127.0.0.1:{{P1}};
                    proxy_redirect http://127.0.0.1:{{b}}/ /srv/;
                    location / { proxy_pass http://127.0.0.1:{{b}}/; }
                    location /off/ { proxy_redirect off; proxy_pass http://127.0.0.1:{{b}}/; }
                }
                """;

        private const string P0 = "{{P0}}", P1 = "{{P1}}";
    }

    /// <summary>(listen port index, request path, Location the backend sends; {{B}} is the backend's port).</summary>
    public static TheoryData<int, string, string> Cases => new()
    {
        { 0, "/def/a", "http://127.0.0.1:{{B}}/inner/x?q=1" },
        { 0, "/def/a", "http://127.0.0.1:{{B}}/other" },
        { 0, "/def/a", "HTTP://127.0.0.1:{{B}}/inner/x" },
        { 0, "/def/a", "/inner/relative" },
        { 0, "/nouri/a", "http://127.0.0.1:{{B}}/p/q" },
        { 0, "/nouri/a", "http://127.0.0.1:{{B}}" },
        { 0, "/up/a", "http://backend/up/z" },
        { 0, "/up/a", "http://127.0.0.1:{{B}}/up/z" },
        { 0, "/exact", "http://127.0.0.1:{{B}}/e/f" },
        { 0, "/re/a", "http://127.0.0.1:{{B}}/g" },
        { 0, "/off/a", "http://127.0.0.1:{{B}}/h" },
        { 0, "/explicit/a", "http://127.0.0.1:{{B}}/one/k" },
        { 0, "/explicit/a", "http://elsewhere/l" },
        { 0, "/explicit/a", "http://127.0.0.1:{{B}}/m" },
        { 0, "/regex/a", "http://anything/r/n/o?p" },
        { 0, "/regex/a", "http://elsewhere/else" },
        { 0, "/regex/a", "http://127.0.0.1:{{B}}/s" },
        { 0, "/vars/a", "http://127.0.0.1:{{B}}/t" },
        { 0, "/pv/a", "http://127.0.0.1:{{B}}/u" },
        { 0, "/noabs/a", "http://127.0.0.1:{{B}}/v" },
        { 0, "/outer/a", "http://127.0.0.1:{{B}}/o/w" },
        { 0, "/outer/inner/a", "http://127.0.0.1:{{B}}/i/w" },
        { 0, "/outer/inner/a", "http://127.0.0.1:{{B}}/o/w" },
        { 1, "/a", "http://127.0.0.1:{{B}}/x" },
        { 1, "/off/a", "http://127.0.0.1:{{B}}/x" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task LocationAndRefresh_RewrittenAsNginx(int port, string path, string location)
    {
        location = location.Replace("{{B}}", servers.BackendPort.ToString());
        var request = RawHttp.Get(path, "example.com", $"X-Location: {location}\r\nX-Refresh: 3; URL={location}\r\n");
        var (nginx, ours) = await servers.Pair.SendAsync(request, port);
        var expected = Describe(nginx, i => servers.Pair.NginxPort(i));
        var actual = Describe(ours, i => servers.Pair.OurPort(i));
        Assert.True(expected == actual, $"{path} with {location}\nnginx:\n{expected}\nproxyserver:\n{actual}\nour error log:\n{servers.Pair.Ours.ErrorLog}");
    }

    private static string Describe(RawResponse response, Func<int, int> port) =>
        $"{response.Status}\nLocation: {response.Header("Location")}\nRefresh: {response.Header("Refresh")}"
            .Replace(port(0).ToString(), "{{P0}}").Replace(port(1).ToString(), "{{P1}}");
}
