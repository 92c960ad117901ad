using System.Net;
using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Config;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Upstream;

/// <summary>Our upstream block checks against <c>nginx -t</c> on the same block: same verdict, same first message.</summary>
public sealed class UpstreamValidationTests
{
    [Theory]
    [InlineData("server 127.0.0.1:81 weight=3 max_fails=2 max_conns=4;")]
    [InlineData("hash $remote_addr; server 127.0.0.1 backup;")]
    [InlineData("server 127.0.0.1 backup; server 127.0.0.2; hash $remote_addr;")]
    [InlineData("random; server 127.0.0.1 backup;")]
    [InlineData("ip_hash; server 127.0.0.1 backup;")]
    [InlineData("least_conn; server 127.0.0.1 backup; server 127.0.0.2 max_conns=3;")]
    [InlineData("server 127.0.0.1 weight=0;")]
    [InlineData("server 127.0.0.1 weight=x;")]
    [InlineData("server 127.0.0.1 WEIGHT=2;")]
    [InlineData("server 127.0.0.1 weight=99999999999999999999;")]
    [InlineData("server 127.0.0.1 max_fails=-1;")]
    [InlineData("server 127.0.0.1 fail_timeout=30s1m;")]
    [InlineData("server 127.0.0.1 fail_timeout=500ms;")]
    [InlineData("server 127.0.0.1 fail_timeout=;")]
    [InlineData("server 127.0.0.1 Backup;")]
    [InlineData("server 127.0.0.1 max_conns=2 foo;")]
    [InlineData("random two foo; server 127.0.0.1;")]
    [InlineData("random foo; server 127.0.0.1;")]
    [InlineData("random two least_conn; server 127.0.0.1;")]
    [InlineData("hash $remote_addr inconsistent; server 127.0.0.1;")]
    [InlineData("least_conn; ip_hash; server 127.0.0.1;")]
    [InlineData("")]
    [InlineData("server 127.0.0.1:99999;")]
    [InlineData("server 127.0.0.1:0;")]
    [InlineData("server 127.0.0.1:abc;")]
    [InlineData("server [::1]:8080; server unix:/tmp/x.sock;")]
    [InlineData("server nosuchhost.invalid;")]
    [InlineData("server nosuchhost.invalid weight=0;")]
    [InlineData("server 127.0.0.1 fail_timeout=1m30s;")]
    [InlineData("server 127.0.0.1 fail_timeout=1h1m;")]
    [InlineData("server 127.0.0.1 fail_timeout=1m1;")]
    [InlineData("server 127.0.0.1 fail_timeout=1hs;")]
    [InlineData("server 127.0.0.1 fail_timeout=s;")]
    [InlineData("server 127.0.0.1 fail_timeout=69y;")]
    [InlineData("server 127.0.0.1 fail_timeout=1mm;")]
    [InlineData("server 127.0.0.1 backup;")]
    [InlineData("server 127.0.0.1 backup; server 127.0.0.2 backup down;")]
    [InlineData("server 127.0.0.1 backup down; server 127.0.0.2 down;")]
    [InlineData("least_conn; server 127.0.0.1 backup;")]
    [InlineData("server 127.0.0.1 backup; hash $remote_addr;")]
    [InlineData("server http://h;")]
    [InlineData("server h/x;")]
    [InlineData("server 127.0.0.1?x;")]
    [InlineData("server 127.0.0.1:80/;")]
    [InlineData("server h/x foo;")]
    [InlineData("hash $remote_addr; server h/x backup;")]
    [InlineData("server :80;")]
    [InlineData("server h:;")]
    [InlineData("server a:b:80;")]
    [InlineData("server [::1;")]
    [InlineData("server [::1]x;")]
    [InlineData("server [::1]/x;")]
    [InlineData("server [zz]:80;")]
    [InlineData("server []:80;")]
    [InlineData("server unix:;")]
    [InlineData("server 127.0.0.1; keepalive 0;")]
    [InlineData("server 127.0.0.1; keepalive -1;")]
    [InlineData("server 127.0.0.1; keepalive x;")]
    [InlineData("server 127.0.0.1; keepalive 32;")]
    public void UpstreamBlock_SameVerdictAndMessage_AsNginxT(string body)
    {
        var text = Config(body);
        var nginx = AskNginx(text);
        var tree = ConfigLoader.LoadText(text, "nginx.conf");
        var ours = ConfigValidator.Validate(tree, new ValidationOptions { Analyze = false, WarnIgnored = false })
            .FirstOrDefault()?.Message;
        Assert.Equal(nginx, ours);
    }

    [Fact]
    public void ParsedServer_CarriesEveryParameter()
    {
        var diagnostics = new List<Diagnostic>();
        var tree = ConfigLoader.LoadText(
            "upstream u { least_conn; server 127.0.0.1:81 weight=3 max_fails=2 fail_timeout=90 max_conns=4 slow_start=30s; server 127.0.0.2 backup down; keepalive 8; }",
            "u.conf");
        var definition = UpstreamBlockCompiler.Compile(tree.Statements.Single(), diagnostics)!;
        Assert.Empty(diagnostics);
        Assert.Equal(LoadBalancingPolicies.LeastConn, definition.Method.Name);
        var first = definition.Servers[0];
        Assert.Equal((3, 2, TimeSpan.FromSeconds(90), 4, TimeSpan.FromSeconds(30)), (first.Weight, first.MaxFails, first.FailTimeout, first.MaxConns, first.SlowStart));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 81), first.Addresses.Single());
        Assert.Equal((true, true), (definition.Servers[1].Backup, definition.Servers[1].Down));
        Assert.Equal(8, definition.Keepalive);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 80), definition.Servers[1].Addresses.Single());
    }

    private static string Config(string body) =>
        $"events {{}}\nhttp {{\nupstream u {{ {body} }}\nserver {{ listen 127.0.0.1:{FreePort.Next()}; location / {{ proxy_pass http://u; }} }}\n}}\n";

    /// <summary>nginx -t on a config: the first emerg or warn message without " in FILE:LINE", or null when clean.</summary>
    private static string? AskNginx(string config)
    {
        var prefix = TempDirectory.Create("nginx-t-");
        try
        {
            var path = Path.Combine(prefix, "nginx.conf");
            File.WriteAllText(path, config);
            var (_, output) = NginxInstance.Test(path, prefix);
            var match = Regex.Match(output, @"nginx: \[(?:emerg|warn)\] (.*) in \S+:\d+");
            return match.Success ? match.Groups[1].Value : null;
        }
        finally
        {
            TempDirectory.TryDelete(prefix);
        }
    }

    [Theory]
    [InlineData("upstream u { server 127.0.0.1 backup; }", "no servers in upstream \"u\"")]
    [InlineData("upstream u { }", "no servers are inside upstream")]
    [InlineData("upstream u { server http://h; }", "invalid host in upstream \"http://h\"")]
    [InlineData("upstream u { server 127.0.0.1 fail_timeout=x; }", "invalid parameter \"fail_timeout=x\"")]
    [InlineData("upstream u { server nosuchhost.invalid; }", "host not found in upstream \"nosuchhost.invalid\"")]
    public void Compile_RefusesWhatCannotRun(string block, string message)
    {
        var diagnostics = new List<Diagnostic>();
        var definition = UpstreamBlockCompiler.Compile(ConfigLoader.LoadText(block, "u.conf").Statements.Single(), diagnostics, _ => []);
        Assert.Null(definition);
        Assert.Equal(message, Assert.Single(diagnostics).Message);
    }
}
