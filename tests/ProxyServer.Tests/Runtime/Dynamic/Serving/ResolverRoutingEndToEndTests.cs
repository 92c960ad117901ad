using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Dynamic.Serving;

/// <summary>
/// The samples that route by DNS at request time (samples/sites-available/wildcard-domain-proxy and
/// regex-container-proxy) through the running proxyserver, against a real dnsmasq; backends are real
/// nginx servers on distinct loopback addresses (127.0.0.x all reach lo).
/// </summary>
public class ResolverRoutingEndToEndTests
{
    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "sites-available", name));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (Directory.Exists(Path.Combine(directory.FullName, "samples", "sites-available"))) return directory.FullName;
        throw new DirectoryNotFoundException("samples/sites-available");
    }

    private static NginxInstance Backends(int port, params string[] addresses)
    {
        var nginx = NginxInstance.StartHttp(string.Join('\n', addresses.Select(a => $"server {{ listen {a}:{port}; return 200 \"{a}\"; }}")));
        foreach (var address in addresses) FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(10), address);
        return nginx;
    }

    private static async Task<RawResponse> Get(int port, string host) => await RawHttp.SendAsync(port, RawHttp.Get("/", host));

    [Fact]
    public async Task WildcardDomainSample_EachTenantByItsRecord_FollowsChange_NxdomainIs502()
    {
        using var dns = DnsmasqInstance.Start([("user_01.jira.example", "127.0.0.11"), ("user_02.jira.example", "127.0.0.12"),
            ("evil.jira.example", "127.0.0.13")], ttl: 1);
        var backendPort = FreePort.Next();
        using var backends = Backends(backendPort, "127.0.0.11", "127.0.0.12", "127.0.0.13");
        var port = FreePort.Next();
        var config = Sample("wildcard-domain-proxy")
            .Replace("listen 80", $"listen 127.0.0.1:{port}")
            .Replace("resolver 127.0.0.1:5353 valid=30s;", $"resolver 127.0.0.1:{dns.Port} valid=1s ipv6=off; resolver_deny 127.0.0.13;")
            .Replace("proxy_pass http://$host;", $"proxy_pass http://$host:{backendPort};");
        using var proxy = ProxyServerInstance.StartHttp(config);

        Assert.Equal("127.0.0.11", (await Get(port, "user_01.jira.example")).Body);
        Assert.Equal("127.0.0.12", (await Get(port, "user_02.jira.example")).Body);

        dns.SetRecords([("user_01.jira.example", "127.0.0.12"), ("user_02.jira.example", "127.0.0.12")]);
        Assert.True(await Eventually.Holds(async () => (await Get(port, "user_01.jira.example")).Body == "127.0.0.12", TimeSpan.FromSeconds(5)));

        Assert.Equal(502, (await Get(port, "nope.jira.example")).Status);
        Assert.Contains("nope.jira.example could not be resolved (3: Host not found)", proxy.ErrorLog);

        dns.SetRecords([("evil.jira.example", "127.0.0.13")]);
        Assert.True(await Eventually.Holds(async () => (await Get(port, "evil.jira.example")).Status == 403, TimeSpan.FromSeconds(5)));
        Assert.Contains("evil.jira.example resolved to 127.0.0.13, which resolver_deny 127.0.0.13/32 forbids", proxy.ErrorLog);
    }

    [Fact]
    public async Task RegexContainerSample_ThirdCaptureNamesTheHost()
    {
        using var dns = DnsmasqInstance.Start([("host_42", "127.0.0.21"), ("host_7", "127.0.0.22")], ttl: 1);
        var backendPort = FreePort.Next();
        using var backends = Backends(backendPort, "127.0.0.21", "127.0.0.22");
        var port = FreePort.Next();
        var config = Sample("regex-container-proxy")
            .Replace("listen 80", $"listen 127.0.0.1:{port}")
            .Replace("resolver 127.0.0.1:5353;", $"resolver 127.0.0.1:{dns.Port} ipv6=off;")
            .Replace("proxy_pass http://host_$3;", $"proxy_pass http://host_$3:{backendPort};");
        using var proxy = ProxyServerInstance.StartHttp(config);

        Assert.Equal("127.0.0.21", (await Get(port, "app_container7_42.test.priv")).Body);
        Assert.Equal("127.0.0.22", (await Get(port, "db_container1_7.test.priv")).Body);
        Assert.Equal(502, (await Get(port, "app_container7_99.test.priv")).Status);
        Assert.Contains("host_99 could not be resolved (3: Host not found)", proxy.ErrorLog);
    }

    [Fact]
    public async Task WildcardDomainSample_SameAnswersAsNginx()
    {
        using var dns = DnsmasqInstance.Start([("user_01.jira.example", "127.0.0.11"), ("user_02.jira.example", "127.0.0.12")], ttl: 30);
        var backendPort = FreePort.Next();
        using var backends = Backends(backendPort, "127.0.0.11", "127.0.0.12");
        string ConfigOn(int port) => Sample("wildcard-domain-proxy")
            .Replace("listen 80", $"listen 127.0.0.1:{port}")
            .Replace("resolver 127.0.0.1:5353", $"resolver 127.0.0.1:{dns.Port}")
            .Replace("proxy_pass http://$host;", $"proxy_pass http://$host:{backendPort};");
        int oursPort = FreePort.Next(), nginxPort = FreePort.Next();
        using var ours = ProxyServerInstance.StartHttp(ConfigOn(oursPort));
        using var nginx = NginxInstance.StartHttp(ConfigOn(nginxPort), nginxPort);

        foreach (var host in new[] { "user_01.jira.example", "user_02.jira.example", "nope.jira.example" })
        {
            var (expected, actual) = (await Get(nginxPort, host), await Get(oursPort, host));
            Assert.Equal((expected.Status, expected.Status == 200 ? expected.Body : ""), (actual.Status, actual.Status == 200 ? actual.Body : ""));
        }
        const string line = "nope.jira.example could not be resolved (3: Host not found)";
        Assert.Contains(line, nginx.ErrorLog);
        Assert.Contains(line, ours.ErrorLog);
    }
}
