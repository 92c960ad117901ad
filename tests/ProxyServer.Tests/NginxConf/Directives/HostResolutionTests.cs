using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>check never needs the network: names come from the hosts file, DNS only when asked.</summary>
public sealed class HostResolutionTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("hosts-");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Fact]
    public void HostsFile_Literals_AndLocalhost_Resolve_OthersAreNotLookedUp()
    {
        var hosts = Path.Combine(_dir, "hosts");
        File.WriteAllText(hosts, "127.0.0.1 localhost\n10.0.0.5 web-01 web-01.lab # comment\n# 10.0.0.6 web-02\n");
        var resolution = new HostResolution(hosts, useDns: false);
        Assert.Equal(HostResolution.Outcome.Resolved, resolution.Resolve("web-01"));
        Assert.Equal(HostResolution.Outcome.Resolved, resolution.Resolve("WEB-01.lab"));
        Assert.Equal(HostResolution.Outcome.Resolved, resolution.Resolve("10.1.2.3"));
        Assert.Equal(HostResolution.Outcome.Resolved, resolution.Resolve("[::1]"));
        Assert.Equal(HostResolution.Outcome.Resolved, resolution.Resolve("localhost"));
        Assert.Equal(HostResolution.Outcome.NotLookedUp, resolution.Resolve("web-02"));
    }

    [Fact]
    public void Upstream_NamedInHostsFile_HasNoWarning()
    {
        var hosts = Path.Combine(_dir, "hosts");
        File.WriteAllText(hosts, "10.0.0.5 web-01\n");
        var config = Path.Combine(_dir, "site");
        File.WriteAllText(config, "upstream u { server web-01; server web-02:8080; }\nserver { location / { proxy_pass http://u; } }\n");
        var result = ConfigCheck.Run(config, new CheckOptions { Validation = new ValidationOptions { HostsFile = hosts } });
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal("host not found in upstream \"web-02:8080\"", warning.Message);
        Assert.Equal(ProxyServer.NginxConf.Diagnostics.Severity.Warning, warning.Severity);
    }
}
