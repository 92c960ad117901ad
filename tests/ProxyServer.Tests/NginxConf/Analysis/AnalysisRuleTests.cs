using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Tests.NginxConf.Analysis;

/// <summary>The gixy-style warnings: each case a config and the warnings it must (or must not) get.</summary>
public sealed class AnalysisRuleTests
{
    private static List<string> Warnings(string httpBody)
    {
        var tree = ConfigLoader.LoadText($"events {{}}\nhttp {{\n{httpBody}\n}}\n", "/virtual/nginx.conf");
        return ConfigValidator.Validate(tree, new ValidationOptions { WarnIgnored = false })
            .Where(d => d.Severity == Severity.Warning).Select(d => d.Message).ToList();
    }

    [Fact]
    public void ProxyPassFromHttpHeader_IsAnOpenProxy() =>
        Assert.Contains(Warnings("server { location / { proxy_pass http://$http_x_backend; } }"),
            w => w.StartsWith("proxy_pass host is built from the request (\"$http_x_backend\")", StringComparison.Ordinal));

    [Fact]
    public void ProxyPassFromHost_OnTheDefaultServer_IsAnOpenProxy() =>
        Assert.Contains(Warnings("server { listen 8080; server_name *.a.example; location / { proxy_pass http://$host; } }"),
            w => w.Contains("(\"$host\")"));

    [Fact]
    public void ProxyPassFromHost_PinnedByServerNames_IsFine() =>
        Assert.Empty(Warnings("""
            server { listen 8080 default_server; return 444; }
            server { listen 8080; server_name *.a.example b.example; location / { proxy_pass http://$host; } }
            """));

    [Fact]
    public void ProxyPassFromHost_WithRegexServerName_IsAnOpenProxy() =>
        Assert.Contains(Warnings("""
            server { listen 8080 default_server; return 444; }
            server { listen 8080; server_name ~^(.+)$; location / { proxy_pass http://$host; } }
            """), w => w.Contains("(\"$host\")"));

    [Fact]
    public void SameRegexLocationTwice_SecondNeverMatches() =>
        Assert.Equal(["location \"~ \\.php$\" can never match: the same regex location at line 4 always wins"],
            Warnings("server {\nlocation ~ \\.php$ { }\nlocation ~ \\.php$ { } }"));

    [Fact]
    public void RegexAfterCatchAllRegex_NeverMatches() =>
        Assert.Equal(["location \"~* \\.jpg$\" can never match: the regex location at line 4 matches every URI first"],
            Warnings("server {\nlocation ~ .* { }\nlocation ~* \\.jpg$ { } }"));

    [Fact]
    public void DuplicateServerName_OnOneSocket_IsNginxsWarning() =>
        Assert.Contains("conflicting server name \"a.example\" on 0.0.0.0:8080, ignored",
            Warnings("server { listen 8080; server_name a.example; }\nserver { listen 8080; server_name a.example; }"));

    [Fact]
    public void IgnoredDirective_IsWarnedOncePerReason()
    {
        var tree = ConfigLoader.LoadText("events {}\nhttp { http2_idle_timeout 5s; http2_chunk_size 8k; server { http2_idle_timeout 6s; } }\n", "/virtual/nginx.conf");
        var warnings = ConfigValidator.Validate(tree).Where(d => d.Severity == Severity.Warning).ToList();
        var http2 = Assert.Single(warnings);
        Assert.Equal("\"http2_idle_timeout\" directive is ignored by proxyserver", http2.Message);
        Assert.Equal("HTTP/2 settings are Kestrel's", http2.Note);
    }
}
