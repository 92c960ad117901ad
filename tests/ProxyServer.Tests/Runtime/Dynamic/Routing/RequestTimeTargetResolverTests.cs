using ProxyServer.Runtime.Dynamic.Dns;
using ProxyServer.Runtime.Dynamic.Routing;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Dynamic.Routing;

public class RequestTimeTargetResolverTests
{
    private static readonly UpstreamGroup Wordpress = new("wordpress", [UpstreamServer.Literal("127.0.0.11:8080")]);

    private static UpstreamGroup? FindGroup(string name) =>
        string.Equals(name, Wordpress.Name, StringComparison.OrdinalIgnoreCase) ? Wordpress : null;

    // Statuses and log lines pinned from nginx 1.22.1: `location /r { proxy_pass http://$arg_h; }`
    // with `upstream wordpress` defined and no resolver.
    [Theory]
    [InlineData("wordpress", "group")]
    [InlineData("WordPress", "group")]
    [InlineData("127.0.0.11:28181", "127.0.0.11:28181")]
    [InlineData("127.0.0.11", "127.0.0.11:80")]
    [InlineData("[::1]:8080", "[::1]:8080")]
    [InlineData("wordpress:80", "502 no resolver defined to resolve wordpress")]
    [InlineData("nope.test", "502 no resolver defined to resolve nope.test")]
    [InlineData("127.0.0.11:99999", "500 invalid port in upstream \"127.0.0.11:99999\"")]
    public async Task Resolve_WithoutResolver_AsNginx(string authority, string expected)
    {
        var target = await new RequestTimeTargetResolver(FindGroup, null).ResolveAsync(authority, 80);
        Assert.Equal(expected, Describe(target));
    }

    [Fact]
    public async Task Resolve_Names_ThroughResolver_AndDenyList()
    {
        using var dns = DnsmasqInstance.Start([
            ("user_01.jira.com", "127.0.0.11"), ("metadata.test", "169.254.169.254"),
            ("mixed.test", "169.254.1.1"), ("mixed.test", "127.0.0.12")], ttl: 30);
        var resolver = new DnsNameResolver(ResolverSettingsParser.Parse([$"127.0.0.1:{dns.Port}", "ipv6=off"], TimeSpan.FromSeconds(2)));
        var targets = new RequestTimeTargetResolver(FindGroup, resolver, ResolverDenyList.Parse(["169.254.0.0/16"]));

        Assert.Equal("127.0.0.11:8080", Describe(await targets.ResolveAsync("user_01.jira.com:8080", 80)));
        Assert.Equal("group", Describe(await targets.ResolveAsync("wordpress", 80)));
        Assert.Equal("502 nope.test could not be resolved (3: Host not found)", Describe(await targets.ResolveAsync("nope.test", 80)));
        Assert.Equal("403 metadata.test resolved to 169.254.169.254, which resolver_deny 169.254.0.0/16 forbids",
            Describe(await targets.ResolveAsync("metadata.test", 80)));
        Assert.Equal("403 169.254.169.254 resolved to 169.254.169.254, which resolver_deny 169.254.0.0/16 forbids",
            Describe(await targets.ResolveAsync("169.254.169.254", 80)));
        Assert.Equal("127.0.0.12:443", Describe(await targets.ResolveAsync("mixed.test", 443)));
    }

    private static string Describe(ProxyTarget target) => target switch
    {
        ProxyTarget.Group => "group",
        ProxyTarget.Addresses a => string.Join(' ', a.EndPoints),
        ProxyTarget.Failed f => $"{f.Status} {f.LogLine}",
        _ => throw new InvalidOperationException(),
    };
}
