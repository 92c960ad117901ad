using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>The typed parsers the runtime reuses: listen, upstream server, location, proxy_pass, if, return, regexes.</summary>
public sealed class StructuredValueTests
{
    [Theory]
    [InlineData("8080", "0.0.0.0:8080")]
    [InlineData("*:8080", "0.0.0.0:8080")]
    [InlineData("127.0.0.1", "127.0.0.1:80")]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8080")]
    [InlineData("[::]:80", "[::]:80")]
    [InlineData("[::1]", "[::1]:80")]
    public void Listen_Address(string text, string socket) =>
        Assert.Equal(socket, ListenParameters.Parse([text]).Value!.SocketKey);

    [Fact]
    public void Listen_Parameters()
    {
        var listen = ListenParameters.Parse(["443", "ssl", "http2", "default_server", "backlog=511", "reuseport"]).Value!;
        Assert.True(listen.Ssl && listen.Http2 && listen.DefaultServer && listen.ReusePort && listen.Bind);
        Assert.Equal(511, listen.Backlog);
    }

    [Theory]
    [InlineData(new[] { "x:y" }, "invalid port in \"x:y\" of the \"listen\" directive")]
    [InlineData(new[] { "99999" }, "invalid port in \"99999\" of the \"listen\" directive")]
    [InlineData(new[] { "80", "foo" }, "invalid parameter \"foo\"")]
    [InlineData(new[] { "80", "backlog=x" }, "invalid backlog \"backlog=x\"")]
    [InlineData(new[] { "80", "so_keepalive=x" }, "invalid so_keepalive value: \"x\"")]
    public void Listen_Errors_AreNginxWording(string[] args, string error) => Assert.Equal(error, ListenParameters.Parse(args).Error);

    [Fact]
    public void UpstreamServer_Defaults()
    {
        var server = UpstreamServerParameters.Parse(["web-01"]).Value!;
        Assert.Equal(("web-01", 80, 1, 1, 10.0), (server.Address.Host, server.Port, server.Weight, server.MaxFails, server.FailTimeout.TotalSeconds));
    }

    [Fact]
    public void UpstreamServer_Parameters()
    {
        var server = UpstreamServerParameters.Parse(["10.0.0.1:8080", "weight=5", "max_fails=3", "fail_timeout=1m", "max_conns=100", "backup", "resolve"]).Value!;
        Assert.Equal((8080, 5, 3, 60.0, 100, true, true), (server.Port, server.Weight, server.MaxFails, server.FailTimeout.TotalSeconds, server.MaxConns, server.Backup, server.Resolve));
        Assert.Equal(UpstreamServerFlags.Weight | UpstreamServerFlags.MaxFails | UpstreamServerFlags.FailTimeout | UpstreamServerFlags.MaxConns | UpstreamServerFlags.Backup, server.Used);
    }

    [Theory]
    [InlineData(new[] { "127.0.0.1:x" }, "invalid port in upstream \"127.0.0.1:x\"")]
    [InlineData(new[] { "127.0.0.1:0" }, "invalid port in upstream \"127.0.0.1:0\"")]
    [InlineData(new[] { "a", "weight=0" }, "invalid parameter \"weight=0\"")]
    [InlineData(new[] { "a", "max_fails=x" }, "invalid parameter \"max_fails=x\"")]
    [InlineData(new[] { "a", "foo" }, "invalid parameter \"foo\"")]
    public void UpstreamServer_Errors(string[] args, string error) => Assert.Equal(error, UpstreamServerParameters.Parse(args).Error);

    [Theory]
    [InlineData(new[] { "/" }, LocationMatch.Prefix, "/")]
    [InlineData(new[] { "=", "/x" }, LocationMatch.Exact, "/x")]
    [InlineData(new[] { "=/x" }, LocationMatch.Exact, "/x")]
    [InlineData(new[] { "^~", "/img/" }, LocationMatch.PrefixNoRegex, "/img/")]
    [InlineData(new[] { "~", "\\.php$" }, LocationMatch.Regex, "\\.php$")]
    [InlineData(new[] { "~*\\.jpg$" }, LocationMatch.RegexCaseless, "\\.jpg$")]
    [InlineData(new[] { "@fallback" }, LocationMatch.Named, "@fallback")]
    public void Location_Patterns(string[] args, LocationMatch match, string uri)
    {
        var pattern = LocationPattern.Parse(args).Value!;
        Assert.Equal((match, uri), (pattern.Match, pattern.Uri));
    }

    [Fact]
    public void Location_BadModifier() =>
        Assert.Equal("invalid location modifier \"foo\"", LocationPattern.Parse(["foo", "bar"]).Error);

    [Theory]
    [InlineData("http://backend", "http", "backend", null)]
    [InlineData("https://10.0.0.1:8443/api/", "https", "10.0.0.1:8443", "/api/")]
    [InlineData("http://unix:/run/app.sock:/x", "http", "unix:/run/app.sock", "/x")]
    public void ProxyPass_Split(string url, string scheme, string authority, string? uri)
    {
        var target = ProxyPassTarget.Parse(url).Value!;
        Assert.Equal((scheme, authority, uri), (target.Scheme, target.Authority, target.Uri));
    }

    [Fact]
    public void ProxyPass_Variables_AreNotResolved()
    {
        var target = ProxyPassTarget.Parse("$scheme://$host$request_uri").Value!;
        Assert.True(target.HasVariables);
        Assert.Null(target.Address);
    }

    [Fact]
    public void ProxyPass_NoScheme() => Assert.Equal("invalid URL prefix", ProxyPassTarget.Parse("backend").Error);

    [Theory]
    [InlineData(new[] { "($a)" }, IfOperator.IsSet)]
    [InlineData(new[] { "(", "$a", ")" }, IfOperator.IsSet)]
    [InlineData(new[] { "($a", "=", "b)" }, IfOperator.Equal)]
    [InlineData(new[] { "($http_user_agent", "~*", "bot)" }, IfOperator.MatchesCaseless)]
    [InlineData(new[] { "(!-f", "$request_filename)" }, IfOperator.FileTest)]
    public void If_Conditions(string[] tokens, IfOperator op) => Assert.Equal(op, IfCondition.Parse(tokens).Value!.Operator);

    [Theory]
    [InlineData(new[] { "$a" }, "invalid condition \"$a\"")]
    [InlineData(new[] { "($a", "=", "b", "c)" }, "invalid condition \"$a\"")]
    [InlineData(new[] { "()" }, "invalid condition \")\"")]
    [InlineData(new[] { "($a", "<", "b)" }, "unexpected \"<\" in condition")]
    [InlineData(new[] { "(-q", "x)" }, "unexpected \"-q\" in condition")]
    public void If_Errors(string[] tokens, string error) => Assert.Equal(error, IfCondition.Parse(tokens).Error);

    [Theory]
    [InlineData(new[] { "404" }, 404, null)]
    [InlineData(new[] { "200", "ok" }, 200, "ok")]
    [InlineData(new[] { "https://example.com$request_uri" }, 302, "https://example.com$request_uri")]
    public void Return_Forms(string[] args, int code, string? text)
    {
        var action = ReturnAction.Parse(args).Value!;
        Assert.Equal((code, text), (action.Code, action.Text));
    }

    [Fact]
    public void Return_BadCode() => Assert.Equal("invalid return code \"1000\"", ReturnAction.Parse(["1000"]).Error);

    [Fact]
    public void Regex_PythonNamedGroups_AreConverted()
    {
        var regex = NginxRegex.Compile(@"^(?P<sub>\w+)\.example\.com$", caseless: false).Value!;
        Assert.Equal("www", regex.Match("www.example.com").Groups["sub"].Value);
    }

    [Fact]
    public void Regex_QuotedLiteral_IsConverted() =>
        Assert.Matches(NginxRegex.Compile(@"^\Q.a+\E$", caseless: false).Value!, ".a+");

    [Theory]
    [InlineData("(a))b", "pcre2_compile() failed: unmatched closing parenthesis in \"(a))b\" at \")b\"")]
    [InlineData("[a", "pcre2_compile() failed: missing terminating ] for character class in \"[a\"")]
    [InlineData("(", "pcre2_compile() failed: missing closing parenthesis in \"(\"")]
    public void Regex_Errors_AreWordedAsNginxsPcre2(string pattern, string error) =>
        Assert.Equal(error, NginxRegex.Compile(pattern, caseless: false).Error);
}
