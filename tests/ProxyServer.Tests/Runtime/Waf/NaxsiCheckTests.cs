using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary><c>check</c> refuses what nginx+naxsi refuses to load, at file:line:col, and accepts the sample.</summary>
public sealed class NaxsiCheckTests
{
    private static CheckResult Check(string text)
    {
        var dir = TempDirectory.Create("naxsi-check-");
        try
        {
            var path = Path.Combine(dir, "nginx.conf");
            File.WriteAllText(path, text);
            return ConfigCheck.Run(path);
        }
        finally
        {
            TempDirectory.TryDelete(dir);
        }
    }

    [Fact]
    public void BadRules_AreEveryOneReported_WithTheirPosition()
    {
        var result = Check("""
            events {}
            http {
                MainRule "str:a" "foo:bar" "mz:ARGS" id:5000;
                MainRule "rx:(abc" "mz:ARGS" id:5001;
                main_rule "str:a" "mz:ANY|ARGS" id:5002;
                server {
                    listen 127.0.0.1:8999;
                    location / { SecRulesEnabled; CheckRule "$SQL = 8" BLOCK; }
                    location /x { BasicRule wl:1,-2; }
                }
            }
            """);
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error)
            .Select(d => $"{d.Position.Line}:{d.Position.Column} {d.Message}").ToList();
        Assert.Collection(errors,
            e => Assert.StartsWith("3:22 unknown naxsi rule item \"foo:bar\"", e),
            e => Assert.StartsWith("4:14 invalid regex in naxsi rule item \"rx:(abc\"", e),
            e => Assert.StartsWith("5:23 invalid match zone \"mz:ANY|ARGS\"", e),
            e => Assert.Equal("8:22 Missing DeniedURL, abort.", e),
            e => Assert.StartsWith("8:49 invalid CheckRule condition \"$SQL = 8\"", e),
            e => Assert.StartsWith("9:33 naxsi whitelist \"wl:1,-2\" mixes positive and negative ids", e));
    }

    [Theory]
    [InlineData("location / { MainRule \"str:a\" \"mz:ARGS\" id:5000; }", "\"MainRule\" directive is not allowed here")]
    [InlineData("location / { DeniedUrl; }", "invalid number of arguments in \"DeniedUrl\" directive")]
    [InlineData("location / { SecRulesEnabled on; }", "invalid number of arguments in \"SecRulesEnabled\" directive")]
    [InlineData("location / { NaxsiLogFile; }", "invalid number of arguments in \"NaxsiLogFile\" directive")]
    [InlineData("location / { NaxsiLogFile /tmp/naxsi.log loud; }", "invalid log level \"loud\"")]
    public void Directives_HaveTheirContextsAndArity(string server, string message)
    {
        var result = Check($"events {{}}\nhttp {{ server {{ listen 127.0.0.1:8999; {server} }} }}\n");
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Error && d.Message == message);
    }

    [Fact]
    public void NaxsiLogFile_BelongsToHttpContexts_NotNginxsMainContext()
    {
        // naxsi declares it NGX_HTTP_MAIN_CONF|SRV|LOC|LMT: http, server, location, limit_except.
        var result = Check("NaxsiLogFile /tmp/naxsi.log;\nevents {}\nhttp { naxsi_log /tmp/naxsi.log; server { listen 127.0.0.1:8999; location / { NaxsiLogFile /tmp/naxsi.log error; } } }\n");
        var error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(("\"NaxsiLogFile\" directive is not allowed here", 1), (error.Message, error.Position.Line));
    }

    [Fact]
    public void DeniedUrl_InAnOuterContext_IsEnough()
    {
        var result = Check("""
            events {}
            http {
                include CORE;
                denied_url "/RequestDenied";
                server {
                    listen 127.0.0.1:8999;
                    location / { rules_enabled; learning_mode; check_rule "$XSS >= 8" BLOCK; ignore_ip 10.0.0.1; ignore_cidr 10.0.0.0/8; }
                    location /RequestDenied { internal; return 403; }
                }
            }
            """.Replace("CORE", NaxsiCoreRules.Path.Value));
        Assert.True(result.Ok, string.Join("\n", result.Diagnostics.Select(d => d.NginxText)));
    }

    [Fact]
    public void Sample_PassesCheck()
    {
        // The sample includes the core rules from ../shared/waf beside the checkout: rebuild that layout.
        var root = TempDirectory.Create("naxsi-sample-");
        try
        {
            var sites = Directory.CreateDirectory(Path.Combine(root, "repo", "samples", "sites-available")).FullName;
            Directory.CreateDirectory(Path.Combine(root, "shared", "waf"));
            File.Copy(NaxsiCoreRules.Path.Value, Path.Combine(root, "shared", "waf", "naxsi_core.rules"));
            File.Copy(Path.Combine(RepoRoot(), "samples", "sites-available", "waf"), Path.Combine(sites, "waf"));
            var result = ConfigCheck.Run(Path.Combine(sites, "waf"));
            Assert.True(result.Ok, string.Join("\n", result.Diagnostics.Select(d => d.NginxText)));
            Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Warning);
        }
        finally
        {
            TempDirectory.TryDelete(root);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ProxyServer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("repository root");
    }
}
