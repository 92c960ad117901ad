using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>Rule lines that naxsi refuses: each refusal names the item and points at it.</summary>
public sealed class NaxsiRuleParserTests
{
    private static List<Diagnostic> Errors(string httpBody)
    {
        var (_, diagnostics, _) = WafTestConfig.Compile(httpBody);
        return diagnostics.Where(d => d.Severity == Severity.Error).ToList();
    }

    [Theory]
    [InlineData("MainRule \"str:a\" \"foo:bar\" \"mz:ARGS\" id:5000;", "unknown naxsi rule item \"foo:bar\"", 18)]
    [InlineData("MainRule \"rx:(abc\" \"mz:ARGS\" id:5000;", "invalid regex in naxsi rule item \"rx:(abc\"", 10)]
    [InlineData("MainRule \"str:a\" \"mz:ANY|ARGS\" id:5000;", "ANY can only be combined with $URL or $URL_X", 18)]
    [InlineData("MainRule \"str:a\" \"mz:$URL:/x\" id:5000;", "match zone names no zone to check", 1)]
    [InlineData("MainRule \"str:a\" \"mz:$ARGS_VAR_X:^a$|$URL:/x\" id:5000;", "a plain $URL: cannot follow a regex (_X) item", 18)]
    [InlineData("MainRule \"str:a\" \"mz:ARGS\" \"s:abc\" id:5000;", "invalid naxsi score \"abc\"", 28)]
    [InlineData("MainRule \"str:a\" \"mz:COOKIES\" id:5000;", "unknown item \"COOKIES\"", 18)]
    [InlineData("MainRule \"str:a\" \"mz:$ARGS_VAR_X:(\" id:5000;", "invalid regex in match zone", 18)]
    [InlineData("BasicRule wl:1000,-1001;", "mixes positive and negative ids", 11)]
    [InlineData("MainRule \"str:a\" \"mz:ARGS\";", "MainRule has no \"id:\"", 1)]
    [InlineData("MainRule \"str:a\" id:5000;", "MainRule has no match zone", 1)]
    [InlineData("MainRule \"mz:ARGS\" id:5000;", "MainRule has no pattern", 1)]
    [InlineData("MainRule \"str:a\" \"mz:ARGS\" \"s:$SQL\" id:5000;", "invalid naxsi score \"$SQL\"", 28)]
    [InlineData("MainRule \"str:a\" \"mz:ARGS\" id:x;", "invalid naxsi rule id \"id:x\"", 28)]
    [InlineData("MainRule \"str:a\" \"str:b\" \"mz:ARGS\" id:5000;", "duplicate naxsi rule item \"str:b\"", 18)]
    [InlineData("CheckRule \"$SQL = 8\" BLOCK;", "invalid CheckRule condition \"$SQL = 8\"", 11)]
    [InlineData("CheckRule \"$SQL >= 8\" DENY;", "invalid CheckRule action \"DENY\"", 23)]
    [InlineData("IgnoreCIDR 10.0.0.0/99;", "invalid network \"10.0.0.0/99\"", 12)]
    [InlineData("server { location / { MainRule \"str:a\" \"mz:ARGS\" id:5000; } }", "\"MainRule\" directive is not allowed here", 23)]
    public void BadRule_IsAnErrorAtTheItem(string text, string message, int column)
    {
        var error = Assert.Single(Errors(text));
        Assert.Contains(message, error.Message);
        Assert.Equal(1, error.Position.Line);
        Assert.Equal(column, error.Position.Column);
    }

    [Fact]
    public void EnabledLocationWithoutDeniedUrl_IsNaxsisAbort()
    {
        var error = Assert.Single(Errors("server {\n  location / { SecRulesEnabled; }\n}"));
        Assert.Equal("Missing DeniedURL, abort.", error.Message);
        Assert.Equal(2, error.Position.Line);
    }

    [Fact]
    public void CoreRules_LoadWithoutDiagnostics()
    {
        var (config, diagnostics, _) = WafTestConfig.Compile(File.ReadAllText(NaxsiCoreRules.Path.Value));
        Assert.Empty(diagnostics);
        Assert.Equal(51, config.Http.Rules.Count);
    }

    [Theory]
    [InlineData("d:libinj_sql", LibInjectionDetector.Sql)]
    [InlineData("d:libinj_xss", LibInjectionDetector.Xss)]
    public void LibInjectionRule_IsParsedWithItsDetector(string item, LibInjectionDetector detector)
    {
        var (config, diagnostics, _) = WafTestConfig.Compile($"MainRule \"{item}\" \"mz:ARGS\" \"s:$SQL:8\" id:5000;\nserver {{ location / {{ LibInjectionXss; LibInjectionSql; }} }}");
        Assert.Empty(diagnostics);
        Assert.Equal(new LibInjectionMatcher(detector), Assert.Single(config.Http.Rules).Matcher);
    }

    [Fact]
    public void UnknownDetector_IsAnError()
    {
        var (_, diagnostics, _) = WafTestConfig.Compile("MainRule \"d:libinj_ldap\" \"mz:ARGS\" \"s:$SQL:8\" id:5000;");
        Assert.Contains(diagnostics, d => d.Severity == Severity.Error && d.Message.Contains("d:libinj_ldap"));
    }

    [Fact]
    public void SnakeCaseAliases_MeanTheSame()
    {
        const string camel = "MainRule \"str:evil\" \"mz:ARGS\" \"s:$SQL:8\" id:5000;\nserver { location / { SecRulesEnabled; LearningMode; DeniedUrl \"/d\"; CheckRule \"$SQL >= 8\" BLOCK; BasicRule wl:5000 \"mz:$ARGS_VAR:ok\"; IgnoreIP 10.0.0.1; LibInjectionSql; LibInjectionXss; NaxsiLogFile /tmp/x.log; } }";
        const string snake = "main_rule \"str:evil\" \"mz:ARGS\" \"s:$SQL:8\" id:5000;\nserver { location / { rules_enabled; learning_mode; denied_url \"/d\"; check_rule \"$SQL >= 8\" BLOCK; basic_rule wl:5000 \"mz:$ARGS_VAR:ok\"; ignore_ip 10.0.0.1; libinjection_sql; libinjection_xss; naxsi_log /tmp/x.log; } }";
        var (a, da, ha) = WafTestConfig.Compile(camel);
        var (b, db, hb) = WafTestConfig.Compile(snake);
        Assert.DoesNotContain(da.Concat(db), d => d.Severity == Severity.Error);
        var pa = a.PolicyFor(ha[1].Block![0]);
        var pb = b.PolicyFor(hb[1].Block![0]);
        Assert.Equal((pa.Enabled, pa.Learning, pa.DeniedUrl, pa.Rules.Count, pa.Whitelists.Count, pa.CheckRules.Count, pa.IgnoredClients.Count, pa.LibInjectionSql, pa.LibInjectionXss, pa.LogFile),
            (pb.Enabled, pb.Learning, pb.DeniedUrl, pb.Rules.Count, pb.Whitelists.Count, pb.CheckRules.Count, pb.IgnoredClients.Count, pb.LibInjectionSql, pb.LibInjectionXss, pb.LogFile));
        Assert.True(pb.Enabled && pb.Learning && pb.LogFile == "/tmp/x.log");
    }

    [Fact]
    public void Rule_ReadsEveryItem()
    {
        var (config, diagnostics, _) = WafTestConfig.Compile("MainRule id:5000 negative \"rx:^[a-z]+$\" \"msg:lower only\" \"mz:$URL:/x|$ARGS_VAR:q|NAME\" \"s:$SQL:4,$XSS:8,LOG\";");
        Assert.Empty(diagnostics);
        var rule = Assert.Single(config.Http.Rules);
        Assert.Equal(5000, rule.Id);
        Assert.True(rule.Negative);
        Assert.Equal("lower only", rule.Message);
        Assert.IsType<RegexMatcher>(rule.Matcher);
        Assert.True(rule.Zone.NameOnly);
        Assert.Equal("/x", rule.Zone.Url!.Path);
        Assert.Equal("q", Assert.Single(rule.Zone.Variables).Name);
        Assert.Equal([ScoreItem.Named("$SQL", 4), ScoreItem.Named("$XSS", 8), ScoreItem.Direct(WafAction.Log)], rule.Scores);
    }

    /// <summary>Lines nginx+naxsi 1.22.1 loads (<c>nginx -t</c> passes), naxsi's own whitelists among them.</summary>
    [Theory]
    [InlineData("MainRule wl:1000 \"mz:$URL:/|$ARGS_VAR_X:^bla$\";")]          // whitelists/drupal.rules' shape
    [InlineData("MainRule wl:1000 \"mz:$URL_X:^/|$ARGS_VAR:bla\";")]
    [InlineData("MainRule wl:1000 \"mz:$ARGS_VAR:foo|$ARGS_VAR_X:^bla$\";")]
    [InlineData("MainRule wl:1000 \"mz:$ARGS_VAR_X:^(a|b)$\";")]                // the | belongs to the regex
    [InlineData("MainRule wl:1000 \"mz:$URL_X:^/(a|b)$|ARGS\";")]
    [InlineData("MainRule id:4000 \"str:x\" \"mz:ARGS\" \"s:42\";")]           // a bare score: accepted, no counter
    [InlineData("MainRule id:4000 \"str:x\" \"mz:ARGS\" \"s:$X:4,42\";")]
    [InlineData("MainRule id:4000 \"str:x\" \"mz:$ARGS_VAR_X:^(a|$zz)$|ARGS\" \"s:$X:4\";")]
    [InlineData("MainRule id:4000 \"str:x\" \"mz:$URL_X:^/x|$ARGS_VAR:a\" \"s:$X:4\";")]
    public void LenientLine_LoadsAsInNaxsi(string line)
    {
        var prefix = TempDirectory.Create("naxsi-lenient-");
        try
        {
            Directory.CreateDirectory(Path.Combine(prefix, "logs"));
            var config = Path.Combine(prefix, "nginx.conf");
            File.WriteAllText(config, $$"""
                {{NaxsiOracle.LoadModule}}
                pid {{prefix}}/nginx.pid;
                events {}
                http {
                    {{line}}
                    server { listen 127.0.0.1:{{FreePort.Next()}}; location / { SecRulesEnabled; DeniedUrl "/denied"; return 200; } }
                }
                """);
            var (exitCode, output) = NginxInstance.Test(config, prefix, NaxsiOracle.Binary);
            Assert.True(exitCode == 0, $"nginx+naxsi -t refused it:\n{output}");
        }
        finally
        {
            TempDirectory.TryDelete(prefix);
        }
        var (_, diagnostics, _) = WafTestConfig.Compile(line);
        Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
    }

    [Fact]
    public void PipeInsideRegex_StaysInTheRegex()
    {
        var (config, diagnostics, _) = WafTestConfig.Compile("MainRule id:4000 \"str:x\" \"mz:$ARGS_VAR_X:^(a|b)$|BODY\" \"s:$X:4\";");
        Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
        var zone = Assert.Single(config.Http.Rules).Zone;
        Assert.Equal("^(a|b)$", Assert.Single(zone.Variables).NamePattern!.ToString());
        Assert.Equal(ProxyServer.NginxConf.Naxsi.RequestZone.Body, zone.Zones);
    }
}
