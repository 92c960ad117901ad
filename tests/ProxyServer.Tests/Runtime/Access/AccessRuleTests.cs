using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Access;

/// <summary>
/// <c>allow</c>/<c>deny</c> against the real nginx, for clients on 127.0.0.1 and ::1: addresses,
/// CIDR blocks holding the client or not, <c>all</c>, <c>unix:</c>, first match wins, rules of
/// the other family having no say, inheritance (a level with any rule replaces the inherited
/// list), the access phase coming after <c>return</c>, and the 403 page with nginx's log line.
/// </summary>
public sealed class AccessRuleTests(AccessRuleTests.Servers servers) : IClassFixture<AccessRuleTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                listen 127.0.0.1:{{P1}};
                listen [::1]:{{P1}};
                location /allow-self { allow 127.0.0.1; allow ::1; deny all; }
                location /deny-self { deny 127.0.0.1; deny ::1; allow all; }
                location /cidr-in { allow 127.0.0.0/8; allow ::1/128; deny all; }
                location /cidr-out { allow 10.0.0.0/8; allow 2001:db8::/32; deny all; }
                location /cidr-wide { deny 0.0.0.0/0; deny ::/0; }
                location /low-bits { allow 127.0.0.9/8; allow ::1:0/64; deny all; }
                location /v4-only { deny 127.0.0.1; }
                location /v6-only { deny ::1; }
                location /mapped { deny ::ffff:127.0.0.1; }
                location /unix-only { deny unix:; }
                location /first-wins { allow 127.0.0.1; allow ::1; deny all; deny 127.0.0.1; }
                location /deny-first { deny all; allow 127.0.0.1; allow ::1; }
                location /return { deny all; return 200 "rewrite phase runs before access\n"; }
                location /inherit/ {
                    deny all;
                    location /inherit/child { }
                    location /inherit/own { allow 127.0.0.1; allow ::1; }
                    location /inherit/v6 { allow ::1; }
                }
                location /after-error-page { deny all; error_page 403 /allow-self/page; }
            }
            server {
                listen 127.0.0.1:{{P2}};
                deny 127.0.0.1;
                location /server-level { }
                location /override { allow all; }
                location /named { error_page 404 = @open; }
                location @open { allow all; }
            }
            """, portCount: 3);

        public void Dispose() => Pair.Dispose();
    }

    [Theory]
    [InlineData("/allow-self")]
    [InlineData("/deny-self")]
    [InlineData("/cidr-in")]
    [InlineData("/cidr-out")]
    [InlineData("/cidr-wide")]
    [InlineData("/low-bits")]
    [InlineData("/v4-only")]
    [InlineData("/v6-only")]
    [InlineData("/mapped")]
    [InlineData("/unix-only")]
    [InlineData("/first-wins")]
    [InlineData("/deny-first")]
    [InlineData("/return")]
    [InlineData("/inherit/x")]
    [InlineData("/inherit/child")]
    [InlineData("/inherit/own")]
    [InlineData("/inherit/v6")]
    [InlineData("/after-error-page")]
    public async Task Ipv4Client_SameAnswerAndLogAsNginx(string target)
    {
        var response = await servers.Pair.AssertSameAsync(RawHttp.Get(target));
        Assert.NotEqual(0, response.Status);
        await AccessLogLines.AssertSameAsync(servers.Pair, target);
    }

    [Theory]
    [InlineData("/allow-self")]
    [InlineData("/deny-self")]
    [InlineData("/cidr-in")]
    [InlineData("/cidr-out")]
    [InlineData("/cidr-wide")]
    [InlineData("/low-bits")]
    [InlineData("/v4-only")]
    [InlineData("/v6-only")]
    [InlineData("/mapped")]
    [InlineData("/first-wins")]
    [InlineData("/deny-first")]
    [InlineData("/inherit/own")]
    [InlineData("/inherit/v6")]
    public async Task Ipv6Client_SameAnswerAndLogAsNginx(string target)
    {
        var request = RawHttp.Get(target + "?v6");
        var nginx = await RawHttp.SendAsync(servers.Pair.NginxPort(1), request, "::1");
        var ours = await RawHttp.SendAsync(servers.Pair.OurPort(1), request, "::1");
        Assert.Equal(DifferentialPair.Describe(nginx, [servers.Pair.NginxPort(1)]), DifferentialPair.Describe(ours, [servers.Pair.OurPort(1)]));
        await AccessLogLines.AssertSameAsync(servers.Pair, target + "?v6", portIndex: 1);
    }

    [Theory]
    [InlineData("/server-level")]
    [InlineData("/override")]
    [InlineData("/named")]
    public async Task ServerLevelRules_InheritedAsNginx(string target)
    {
        await servers.Pair.AssertSameAsync(RawHttp.Get(target), portIndex: 2);
        await AccessLogLines.AssertSameAsync(servers.Pair, target, portIndex: 2);
    }
}
