using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Static;

/// <summary>
/// The Location of a directory redirect under absolute_redirect, port_in_redirect and
/// server_name_in_redirect, with and without a Host header, asked of nginx and of us.
/// </summary>
public sealed class RedirectTests(RedirectTests.Servers servers) : IClassFixture<RedirectTests.Servers>
{
    public sealed class Servers() : StaticSitePair(Config)
    {
        private static string Config(StaticSite site)
        {
            var root = site.Root;
            const string port = "{{P0}}";
            return $$"""
                server {
                    listen 127.0.0.1:{{port}};
                    server_name primary.test alias.test;
                    root {{root}};
                    location /rel/ { absolute_redirect off; alias {{root}}/; }
                    location /noport/ { port_in_redirect off; alias {{root}}/; }
                    location /named/ { server_name_in_redirect on; alias {{root}}/; }
                    location /both/ { server_name_in_redirect on; port_in_redirect off; alias {{root}}/; }
                }
                """;
        }
    }

    [Theory]
    [InlineData("/dir", "alias.test")]
    [InlineData("/dir", "ALIAS.test:1234")]
    [InlineData("/dir", null)]
    [InlineData("/rel/dir", "alias.test")]
    [InlineData("/rel/dir?a=1", null)]
    [InlineData("/noport/dir", "alias.test")]
    [InlineData("/noport/dir", null)]
    [InlineData("/named/dir", "alias.test")]
    [InlineData("/named/dir", null)]
    [InlineData("/both/a%20dir?x", "alias.test")]
    public async Task DirectoryRedirect_LocationAsNginx(string target, string? host) =>
        await StaticSite.AssertSameAsync(servers.Pair, RawHttp.Get(target, host));
}
