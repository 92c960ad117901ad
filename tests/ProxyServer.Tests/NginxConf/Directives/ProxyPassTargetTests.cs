using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>
/// <c>proxy_pass</c> is parsed once (<see cref="ProxyPassTarget"/>) for <c>check</c> and the runtime: the
/// real nginx (-t), <c>check</c> and the runtime compile give the same verdict and the same words.
/// </summary>
public sealed class ProxyPassTargetTests
{
    public static TheoryData<string> Urls => new()
    {
        "http://127.0.0.1:8080",
        "http://127.0.0.1:8080/x/",
        "https://127.0.0.1/api?a=b",
        "http://127.0.0.1?x",
        "http://[::1]:8080/x",
        "http://[::1]",
        "HTTP://127.0.0.1",
        "http://$host$request_uri",
        "http://127.0.0.1:99999/x",
        "http://127.0.0.1:99999",
        "http://127.0.0.1:0/",
        "http://127.0.0.1:/x",
        "http://127.0.0.1:80:81/x",
        "http://127.0.0.1:8x",
        "http:///x",
        "http://",
        "http://:80/x",
        "ftp://127.0.0.1",
        "127.0.0.1:8080",
        "http://[::1/x",
        "http://[::1]x",
        "http://[]:80",
        "http://[zz]:80",
        "http://[::1]:99999",
        "http://unix:",
        "http://unix::/x",
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public void Check_AndCompile_SayWhatNginxSays(string url)
    {
        Assert.True(NginxInstance.IsInstalled, "nginx (the oracle) is not installed");
        var config = $"events {{}}\nhttp {{\nserver {{ listen 127.0.0.1:1; location /a/ {{ proxy_pass {url}; }} }}\n}}\n";
        var nginx = NginxOracle.Test(config);

        var dir = TempDirectory.Create("proxy-pass-");
        try
        {
            var path = Path.Combine(dir, "nginx.conf");
            File.WriteAllText(path, config);
            var check = ConfigCheck.Run(path, new CheckOptions { Validation = new ValidationOptions { Analyze = false, WarnIgnored = false } })
                .Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => (d.Message, d.Position.Line)).ToList();
            var compile = RuntimeCompiler.Compile(ConfigLoader.LoadText(config, path), new CompileOptions { Prefix = dir + "/" })
                .Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => (d.Message, d.Position.Line)).ToList();
            if (nginx.Ok)
            {
                Assert.Empty(check);
                Assert.Empty(compile);
                return;
            }
            Assert.Equal([(nginx.Message!, nginx.Line)], check);
            Assert.Equal([(nginx.Message!, nginx.Line)], compile);
        }
        finally
        {
            TempDirectory.TryDelete(dir);
        }
    }

    [Theory]
    [InlineData("http://h", "h", "80")]
    [InlineData("http://h:80/x", "h", "80")]
    [InlineData("http://h:8080/x", "h:8080", "8080")]
    [InlineData("https://h:443", "h", "443")]
    [InlineData("https://h:80", "h:80", "80")]
    [InlineData("http://[::1]:81", "[::1]:81", "81")]
    [InlineData("http://unix:/run/a.sock:/x", "localhost", "")]
    public void ProxyHostAndPort_AsNginxSetsThem(string url, string host, string port)
    {
        var target = ProxyPassTarget.Parse(url).Value!;
        Assert.Equal((host, port), (target.ProxyHost, target.ProxyPort));
    }

    [Theory]
    [InlineData("ftp://h/x", "invalid URL prefix in \"ftp://h/x\"")]
    [InlineData("http://", "invalid URL prefix in \"http://\"")]
    [InlineData("http://h:0/x", "invalid port in upstream \"h:0/x\"")]
    [InlineData("http:///x", "no host in upstream \"/x\"")]
    public void Evaluated_ErrorIsNginxsLogLine(string url, string error) =>
        Assert.Equal(error, ProxyPassTarget.ParseEvaluated(url).Error);

    [Fact]
    public void Evaluated_DollarIsACharacter()
    {
        var target = ProxyPassTarget.ParseEvaluated("http://h/a$b").Value!;
        Assert.False(target.HasVariables);
        Assert.Equal(("h", "/a$b"), (target.Authority, target.Uri));
    }

    [Fact]
    public void Evaluated_ArgsWithoutPath_GetASlash() => Assert.Equal("/?a=b", ProxyPassTarget.ParseEvaluated("http://h?a=b").Value!.Uri);
}
