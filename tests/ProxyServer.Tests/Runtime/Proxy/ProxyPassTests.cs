using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>The minimal proxy_pass: upstream URI and Host as nginx builds them, auto-redirect, dead upstream.</summary>
public sealed class ProxyPassTests(ProxyPassTests.Servers servers) : IClassFixture<ProxyPassTests.Servers>
{
    public sealed class Servers() : NginxBackendPair(BackendConfig, ProxyConfig)
    {
        private static string BackendConfig(int backendPort) => $$"""
                server {
                    listen 127.0.0.1:{{backendPort}};
                    location / { return 200 "backend $request_uri|$http_host|$http_connection|$server_protocol\n"; }
                    location /missing { return 404; }
                }
                """;

        private static string ProxyConfig(int backendPort)
        {
            var deadPort = FreePort.Next();
            const string P0 = "{{P0}}";
            return $$"""
                server {
                    listen 127.0.0.1:{{P0}};
                    location / { proxy_pass http://127.0.0.1:{{backendPort}}; }
                    location /with-uri/ { proxy_pass http://127.0.0.1:{{backendPort}}/target/; }
                    location /bare { proxy_pass http://127.0.0.1:{{backendPort}}/x; }
                    location ~ ^/regex/(.*)$ { proxy_pass http://127.0.0.1:{{backendPort}}; }
                    location /rewritten/ {
                        rewrite ^/rewritten/(.*)$ /changed/$1 break;
                        proxy_pass http://127.0.0.1:{{backendPort}}/ignored/;
                    }
                    location /dead/ { proxy_pass http://127.0.0.1:{{deadPort}}; }
                    location /vars/ { set $b 127.0.0.1:{{backendPort}}; proxy_pass http://$b; }
                    location /eval/ { proxy_pass $arg_u; }
                    location /in-if { proxy_pass http://127.0.0.1:{{backendPort}}/replacement; if ($arg_if) { } }
                    location /in-lmt { proxy_pass http://127.0.0.1:{{backendPort}}/replacement; limit_except POST { } }
                }
                """;
        }
    }

    public static TheoryData<string> Targets => new()
    {
        "/plain?a=1&b=%20", "/a%20b/c?q", "/with-uri/x/y?z=1", "/with-uri/a%20b", "/with-uri", "/bare/more", "/bare",
        "/regex/a/b?c", "/rewritten/p/q?r=1", "/dead/x", "/vars/v?w=1", "/missing", "/a/../b",
        // an if or limit_except block's inherited proxy_pass replaces its location's prefix (proxy_if.t)
        "/in-if?if=1", "/in-if/x?if=1", "/in-if", "/in-lmt/x",
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task SameAnswerAsNginx(string target) => await servers.Pair.AssertSameAsync(RawHttp.Get(target, "example.com"));

    /// <summary>A URL from variables is read per request (ngx_http_proxy_eval): a bad one is a 500 with nginx's log line.</summary>
    [Theory]
    [InlineData("ftp://127.0.0.1/x")]
    [InlineData("http://")]
    [InlineData("http:///x")]
    [InlineData("http://127.0.0.1:0/x")]
    [InlineData("http://127.0.0.1:99999")]
    [InlineData("http://[::1/x")]
    [InlineData("HTTP://127.0.0.1:BACKEND/a$b?c")]
    [InlineData("http://127.0.0.1:BACKEND?c")]
    public async Task UrlFromVariables_SameAnswerAndLogLineAsNginx(string url)
    {
        var target = "/eval/?u=" + url.Replace("BACKEND", servers.BackendPort.ToString());
        var response = await servers.Pair.AssertSameAsync(RawHttp.Get(target, "example.com"));
        if (response.Status != 500) return;
        var nginx = LastError(servers.Pair.Nginx.ErrorLog);
        Assert.Contains(" in ", nginx);
        Assert.Equal(nginx, LastError(servers.Pair.Ours.ErrorLog));
    }

    private static string LastError(string log) =>
        System.Text.RegularExpressions.Regex.Matches(log, @"\[error\] \d+#\d+: \*\d+ (?<message>.*?), client: ").Last().Groups["message"].Value;

    [Fact]
    public async Task ServerHeaderIsOurs_NotTheUpstreams()
    {
        var response = await RawHttp.SendAsync(servers.Pair.OurPort(), RawHttp.Get("/x"));
        Assert.StartsWith("proxyserver", response.Header("Server"));
    }
}
