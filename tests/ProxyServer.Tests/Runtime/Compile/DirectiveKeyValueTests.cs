using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.NginxConf.Directives;

namespace ProxyServer.Tests.Runtime.Compile;

/// <summary>
/// Values read through typed keys (<c>scope.Get(ProxyDirectives.ConnectTimeout, context)</c>): the
/// nearest level wins, the key's default stands in for an unset directive, and a bad value is refused
/// with nginx's own words at nginx's line (asked of the real nginx).
/// </summary>
public sealed class DirectiveKeyValueTests
{
    private const string Template = "events {{}}\nhttp {{\n    server {{\n        listen 127.0.0.1:8080;\n        location / {{\n            {0}\n        }}\n    }}\n}}\n";

    [Theory]
    [InlineData("proxy_connect_timeout 5x;")]
    [InlineData("client_max_body_size 1q;")]
    [InlineData("keepalive_timeout 1y;")]
    [InlineData("etag maybe;")]
    [InlineData("proxy_next_upstream_tries -1;")]
    [InlineData("client_body_timeout 10;\n            client_body_timeout x;")]
    public void BadValue_IsNginxsError(string directives)
    {
        var config = string.Format(Template, directives);
        var nginx = NginxOracle.Test(config);
        Assert.False(nginx.Ok);
        var ours = RuntimeCompiler.Compile(ConfigLoader.LoadText(config, "/virtual/nginx.conf"), new CompileOptions { Prefix = "/virtual/" });
        Assert.False(ours.Succeeded);
        var errors = ours.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.Equal(nginx.Message, errors[0].Message);
        Assert.Equal(nginx.Line, errors[0].Position.Line);
    }

    [Fact]
    public void NearestLevel_Wins_AndTheKeysDefault_StandsInForNone()
    {
        var config = "events {}\nhttp {\n    client_body_timeout 7s;\n"
            + "    server { listen 127.0.0.1:8080; location /a { client_body_timeout 3s; } location /b { } }\n"
            + "    server { listen 127.0.0.1:8081; client_max_body_size 0; }\n}\n";
        var result = RuntimeCompiler.Compile(ConfigLoader.LoadText(config, "/virtual/nginx.conf"), new CompileOptions { Prefix = "/virtual/" });
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        var servers = result.Model!.Addresses.SelectMany(a => a.Servers).OrderBy(s => s.Position.Line).ToList();
        var locations = servers[0].Root.Children.All.ToDictionary(l => l.Name);
        Assert.Equal(TimeSpan.FromSeconds(3), locations["/a"].Core.ClientBodyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), locations["/b"].Core.ClientBodyTimeout);
        Assert.Equal(HttpCoreDirectives.ClientMaxBodySize.Default, locations["/b"].Core.ClientMaxBodySize);
        Assert.Equal(1024 * 1024, HttpCoreDirectives.ClientMaxBodySize.Default);
        Assert.Equal(0, servers[1].Root.Core.ClientMaxBodySize);
        Assert.Equal(TimeSpan.FromSeconds(75), result.Model.Limits.KeepAliveTimeout);
        Assert.Contains(HttpCoreDirectives.ClientBodyTimeout, result.DirectivesRead);
    }
}
