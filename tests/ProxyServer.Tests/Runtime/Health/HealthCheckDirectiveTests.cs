using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Tests.NginxConf.Directives;

namespace ProxyServer.Tests.Runtime.Health;

/// <summary>
/// <c>health_check</c> and <c>match</c> in the directive table: NGINX Plus's documented rules (a location
/// proxying to an upstream group in shared memory, <c>match=</c> naming a block that may come later),
/// each parameter's shape, and every bad entry of a match block reported in one run.
/// </summary>
public sealed class HealthCheckDirectiveTests
{
    private static IReadOnlyList<string> Check(string http)
    {
        var text = $"events {{}} http {{ {http}\n}}\n"; // the http body starts on line 1
        var tree = ConfigLoader.LoadText(text, "nginx.conf");
        return ConfigValidator.Validate(tree, new ValidationOptions { Analyze = false, WarnIgnored = false })
            .Select(d => $"{d.Severity}: {d.Message} :{d.Position.Line}").ToList();
    }

    private const string Upstream = "upstream app { zone app 64k; server 127.0.0.1:8081; }";

    [Theory]
    [InlineData("health_check;")]
    [InlineData("health_check interval=1s fails=3 passes=2 uri=/healthz port=9000 jitter=100ms;")]
    [InlineData("health_check mandatory persistent keepalive_time=60s;")]
    [InlineData("health_check match=ok; health_check uri=/other;")]
    public void Valid_HealthChecks_PassCheck(string directives) =>
        Assert.Empty(Check($"{Upstream}\nserver {{ location / {{ proxy_pass http://app; {directives} }} }}\nmatch ok {{ status 200; }}"));

    [Theory]
    [InlineData("health_check interval=0;", "invalid parameter \"interval=0\"")]
    [InlineData("health_check interval=abc;", "invalid parameter \"interval=abc\"")]
    [InlineData("health_check fails=0;", "invalid parameter \"fails=0\"")]
    [InlineData("health_check passes=x;", "invalid parameter \"passes=x\"")]
    [InlineData("health_check port=70000;", "invalid parameter \"port=70000\"")]
    [InlineData("health_check uri=;", "invalid parameter \"uri=\"")]
    [InlineData("health_check persistent;", "invalid parameter \"persistent\"")]
    [InlineData("health_check every=5s;", "invalid parameter \"every=5s\"")]
    [InlineData("health_check type=grpc;", "health_check type=grpc is not supported by proxyserver (checks are HTTP requests)")]
    [InlineData("health_check match=missing;", "match \"missing\" not found")]
    public void Bad_Parameters_AreReported(string directives, string message) =>
        Assert.Equal([$"Error: {message} :2"], Check($"{Upstream}\nserver {{ location / {{ proxy_pass http://app; {directives} }} }}"));

    [Fact]
    public void Upstream_WithChangingServers_IsWarnedAbout() =>
        Assert.Equal(["Warning: health_check of upstream \"dyn\" is ignored: proxyserver checks only upstream groups with fixed servers :2"],
            Check("upstream dyn { zone dyn 64k; server 127.0.0.1:8081 resolve; }\nserver { location / { proxy_pass http://dyn; health_check; } }"));

    [Fact]
    public void Upstream_WithoutZone_IsRefused() =>
        Assert.Equal(["Error: upstream \"app\" must reside in shared memory (\"zone\") to be health checked :2"],
            Check("upstream app { server 127.0.0.1:8081; }\nserver { location / { proxy_pass http://app; health_check; } }"));

    [Theory]
    [InlineData("location / { health_check; }", "health_check requires \"proxy_pass\" to an upstream group in the same location")]
    [InlineData("location / { proxy_pass http://127.0.0.1:8081; health_check; }", "health_check requires \"proxy_pass\" to an upstream group, not \"http://127.0.0.1:8081\"")]
    [InlineData("location / { proxy_pass http://$host; health_check; }", "health_check requires \"proxy_pass\" to an upstream group, not \"http://$host\"")]
    [InlineData("location / { proxy_pass http://other; health_check; }", "health_check requires an upstream group: no upstream \"other\"")]
    public void HealthCheck_NeedsAnUpstreamGroup(string location, string message) =>
        Assert.Contains($"Error: {message} :2", Check($"{Upstream}\nserver {{ {location} }}"));

    [Theory]
    [InlineData("server { health_check; }", "\"health_check\" directive is not allowed here")]
    [InlineData("health_check;", "\"health_check\" directive is not allowed here")]
    [InlineData("server { location / { match m { status 200; } } }", "\"match\" directive is not allowed here")]
    public void Contexts_AreNginxPlus(string http, string message) =>
        Assert.Contains($"Error: {message} :2", Check($"{Upstream}\n{http}"));

    [Fact]
    public void Match_ReportsEveryBadEntry_AtItsLine()
    {
        var found = Check("""
            match m {
                status 200-399 404;
                status ! 500;
                header Content-Type ~ "text/html";
                header ! X-Accel-Redirect;
                header Connection != close;
                body !~ "maintenance";
                status abc;
                status 399-200;
                header X-A ?? b;
                body = "x";
                body ~ "(";
                require $upstream_status;
                colour blue;
            }
            match m { status 200; }
            """);
        Assert.Equal([
            "Error: duplicate match \"m\" :16",
            "Error: invalid status \"abc\" :8",
            "Error: invalid status \"399-200\" :9",
            "Error: invalid operator \"??\" in \"header\" directive :10",
            "Error: invalid operator \"=\" in \"body\" directive :11",
            "Error: pcre2_compile() failed: missing closing parenthesis in \"(\" :12",
            "Error: \"require\" in \"match\" is not supported by proxyserver (health checks evaluate no variables) :13",
            "Error: unknown directive \"colour\" :14",
        ], found);
    }

    [Fact]
    public void StockNginx_DoesNotKnowHealthCheck() =>
        Assert.Equal("unknown directive \"health_check\"",
            NginxOracle.Test("events {}\nhttp { upstream app { zone app 64k; server 127.0.0.1:8081; } server { location / { proxy_pass http://app; health_check; } } }\n").Message);
}
