using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// proxy_cookie_domain, proxy_cookie_path and proxy_cookie_flags against nginx: a backend (nginx) answers with
/// the Set-Cookie headers the client asks for (<c>X-Cookie</c>, <c>X-Cookie2</c>); both proxies must pass them on
/// rewritten the same way: prefixes and domains with variables, regexes with captures (caseless for domains),
/// flags set, replaced and removed, a header nothing applies to left byte for byte, off, nested levels.
/// </summary>
public sealed class ProxyCookieTests(ProxyCookieTests.Servers servers) : IClassFixture<ProxyCookieTests.Servers>
{
    public sealed class Servers() : NginxBackendPair(BackendConfig, ProxyConfig)
    {
        private static string BackendConfig(int backendPort) => $$"""
                server {
                    listen 127.0.0.1:{{backendPort}};
                    location / { add_header Set-Cookie $http_x_cookie; add_header Set-Cookie $http_x_cookie2; return 200 "ok"; }
                }
                """;

        private static string ProxyConfig(int b) => $$"""
                server {
                    listen 127.0.0.1:{{P0}};
                    proxy_cookie_path /srv/ /server-level/;
                    location / {
                        proxy_pass http://127.0.0.1:{{b}};
                        proxy_cookie_domain www.example.org .example.com;
                        proxy_cookie_domain .$host.net sub.$host.org;
                        proxy_cookie_domain ~^(.+)\.com$ $1.org;
                        proxy_cookie_path /p/ /new/;
                        proxy_cookie_path ~^/re/(.+)$ /$1;
                        proxy_cookie_path ~*^/ci/(.+)$ /ci-$1;
                        proxy_cookie_flags a secure httponly samesite=none;
                        proxy_cookie_flags b nosecure nohttponly nosamesite;
                        proxy_cookie_flags ~^c samesite=lax bogus;
                        proxy_cookie_flags $arg_v secure;
                        location /off/ { proxy_pass http://127.0.0.1:{{b}}; proxy_cookie_domain off; proxy_cookie_flags off; }
                    }
                    location /inherit/ { proxy_pass http://127.0.0.1:{{b}}; }
                }
                """;

        private const string P0 = "{{P0}}";
    }

    public static TheoryData<string, string> Cases => new()
    {
        { "/x", "s=1; Domain=www.Example.org; Path=/p/a" },
        { "/x", "s=1;Domain=.example.com.net ; path=/p/" },
        { "/x", "s=1; domain=WWW.thing.COM" },
        { "/x", "s=1; Path=/re/deep/er" },
        { "/x", "s=1; Path=/RE/deep" },
        { "/x", "s=1; Path=/CI/deep" },
        { "/x", "s=1;  Path = /p/spaced ;HttpOnly" },
        { "/x", "s=1;path=/unmatched;  Secure" },
        { "/x", "a=1; Secure; SameSite=Lax" },
        { "/x", "A=1" },
        { "/x", "b=1; secure; HttpOnly; samesite=strict; Path=/p/" },
        { "/x", "cookie=1; SameSite=lax" },
        { "/x", "cookie=1; samesite=None" },
        { "/x?v=dyn", "dyn=1" },
        { "/x", "novalue; Domain=www.example.org" },
        { "/x", "=1; Domain=www.example.org" },
        { "/off/x", "a=1; Domain=www.example.org; Path=/p/x" },
        { "/inherit/x", "s=1; Path=/srv/x; Domain=www.example.org" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SetCookie_RewrittenAsNginx(string path, string cookie)
    {
        var request = RawHttp.Get(path, "example.com", $"X-Cookie: {cookie}\r\nX-Cookie2: second=2; Path=/p/two\r\n");
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        var expected = Describe(nginx);
        var actual = Describe(ours);
        Assert.True(expected == actual, $"{path} with {cookie}\nnginx:\n{expected}\nproxyserver:\n{actual}\nour error log:\n{servers.Pair.Ours.ErrorLog}");
    }

    private static string Describe(RawResponse response) =>
        $"{response.Status}\n" + string.Join("\n", response.Headers.Where(h => h.Name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value));
}
