using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;
using ProxyServer.Runtime.Waf.Config;
using ProxyServer.Runtime.Waf.Engine;
using ProxyServer.Runtime.Waf.Logging;
using static ProxyServer.Runtime.Waf.Engine.WafVerdict;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>
/// naxsi's libinjection: LibInjectionSql / LibInjectionXss run the detectors on the name and the
/// value of every pair and raise internal rule 17 / 18, which blocks by itself and adds 8 to
/// $LIBINJECTION_SQL / $LIBINJECTION_XSS (as nginx+naxsi logs it);
/// <c>d:libinj_sql</c> / <c>d:libinj_xss</c> rules use them as patterns; the
/// <c>$naxsi_flag_libinjection_*</c> variables switch them per request.
/// </summary>
public sealed class NaxsiLibInjectionTests
{
    // No core rules here, so only libinjection can see these payloads; one harmless MainRule keeps
    // internal rule 19 (no rules) quiet.
    private static WafPolicy Policy(string location, string http = "")
    {
        var (config, diagnostics, tree) = WafTestConfig.Compile($$"""
            MainRule "str:never-in-a-test" "mz:ARGS" "s:$SQL:8" id:4999;
            {{http}}
            server {
                location / {
                    SecRulesEnabled;
                    DeniedUrl "/RequestDenied";
                    CheckRule "$LIBINJECTION_SQL >= 1" BLOCK;
                    CheckRule "$LIBINJECTION_XSS >= 1" BLOCK;
                    {{location}}
                }
            }
            """);
        Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
        Assert.DoesNotContain(diagnostics, d => d.Message.Contains("libinj", StringComparison.OrdinalIgnoreCase));
        return config.PolicyFor(tree.Single(d => d.Name == "server").Block!.Single(d => d.Name == "location"));
    }

    private static WafResult Inspect(WafPolicy policy, string target, params string[] headers) =>
        WafEngine.Inspect(policy, WafCase.Get(target, Pass, headers).ToRequest());

    [Theory]
    [InlineData("/?q=1'%20OR%20'1'='1", "ARGS", "q")]
    [InlineData("/?q=1%20UNION%20SELECT%20password%20FROM%20users", "ARGS", "q")]
    [InlineData("/?1%20UNION%20SELECT%20password%20FROM%20users=x", "ARGS|NAME", "1 UNION SELECT password FROM users")]
    public void LibInjectionSql_RaisesRule17(string target, string zone, string name)
    {
        var result = Inspect(Policy("LibInjectionSql;"), target);
        Assert.Equal(Block, result.Verdict);
        Assert.Equal(8, result.Score("$LIBINJECTION_SQL"));
        var match = Assert.Single(result.Matches);
        Assert.Equal((InternalRules.LibInjectionSql, zone, name), (match.RuleId, match.ZoneLogName, match.VariableName));
    }

    [Theory]
    [InlineData("/?c=%3Cscript%3Ealert(1)%3C/script%3E")]
    [InlineData("/?c=%3Cimg%20src=x%20onerror=alert(1)%3E")]
    public void LibInjectionXss_RaisesRule18(string target)
    {
        var result = Inspect(Policy("LibInjectionXss;"), target);
        Assert.Equal(Block, result.Verdict);
        Assert.Equal(8, result.Score("$LIBINJECTION_XSS"));
        Assert.Equal(InternalRules.LibInjectionXss, Assert.Single(result.Matches).RuleId);
    }

    [Fact]
    public void Headers_AreChecked_WithTheirLowercaseName()
    {
        // Any rule on a header (the core rules have Cookie ones) makes naxsi parse every header.
        var policy = Policy("LibInjectionXss;", "MainRule \"str:never-in-a-test\" \"mz:$HEADERS_VAR:Cookie\" \"s:$SQL:8\" id:4998;");
        var result = Inspect(policy, "/", "Referer: <script>alert(1)</script>");
        var match = Assert.Single(result.Matches);
        Assert.Equal(("HEADERS", "referer"), (match.ZoneLogName, match.VariableName));
    }

    [Fact]
    public void ZoneNoRuleLooksAt_IsNotSeenByLibInjectionEither()
    {
        // naxsi only parses a zone when some rule looks at it; this policy's only rule is on ARGS.
        var result = Inspect(Policy("LibInjectionXss;"), "/", "Referer: <script>alert(1)</script>");
        Assert.Empty(result.Matches);
    }

    [Theory]
    [InlineData("/?name=O'Reilly&email=foo@example.com&q=hello%20world")]
    [InlineData("/?comment=%3Cb%3Ebold%3C/b%3E&n=1-2")]
    [InlineData("/search?q=select%20a%20product")]
    public void BenignRequests_Pass(string target)
    {
        var result = Inspect(Policy("LibInjectionSql; LibInjectionXss;"), target);
        Assert.Equal(Pass, result.Verdict);
        Assert.Empty(result.Matches);
    }

    [Fact]
    public void WithoutTheDirectives_LibInjectionDoesNotRun() =>
        Assert.Empty(Inspect(Policy(""), "/?q=1'%20OR%20'1'='1&c=%3Cscript%3E").Matches);

    [Fact]
    public void Score_IsEightPerDetection_AndTheRuleBlocksByItself()
    {
        // In LearningMode the check goes on past the first detection: 8 per detection, and a
        // CheckRule's DROP still denies. Outside it, 17 blocks at the first one, whatever the CheckRules.
        var learning = Policy("LibInjectionSql; LearningMode; CheckRule \"$LIBINJECTION_SQL >= 16\" DROP;");
        Assert.Equal(Pass, Inspect(learning, "/?a=1'%20OR%20'1'='1").Verdict);
        var both = Inspect(learning, "/?a=1'%20OR%20'1'='1&b=1%20UNION%20SELECT%20password%20FROM%20users");
        Assert.Equal(16, both.Score("$LIBINJECTION_SQL"));
        Assert.Equal(Drop, both.Verdict);
        var blocking = Policy("LibInjectionSql; CheckRule \"$LIBINJECTION_SQL >= 16\" DROP;");
        var first = Inspect(blocking, "/?a=1'%20OR%20'1'='1&b=1%20UNION%20SELECT%20password%20FROM%20users");
        Assert.Equal((Block, 8), (first.Verdict, first.Score("$LIBINJECTION_SQL")));
    }

    [Theory]
    [InlineData("BasicRule wl:17 \"mz:$ARGS_VAR:q\";", "/?q=1'%20OR%20'1'='1", Pass)]
    [InlineData("BasicRule wl:17 \"mz:$ARGS_VAR:q\";", "/?other=1'%20OR%20'1'='1", Block)]
    [InlineData("BasicRule wl:17 \"mz:ARGS|NAME\";", "/?1%20UNION%20SELECT%20password%20FROM%20users=x", Pass)]
    [InlineData("BasicRule wl:17 \"mz:ARGS|NAME\";", "/?q=1'%20OR%20'1'='1", Block)]
    public void Rule17_IsWhitelistedLikeAnyOther(string whitelist, string target, WafVerdict expected) =>
        Assert.Equal(expected, Inspect(Policy("LibInjectionSql; " + whitelist), target).Verdict);

    [Theory]
    [InlineData(true, null, Block)]
    [InlineData(null, null, Pass)]
    public void FlagVariable_SwitchesLibInjectionOn(bool? sql, bool? xss, WafVerdict expected)
    {
        var request = WafCase.Get("/?q=1'%20OR%20'1'='1", Pass).ToRequest();
        Assert.Equal(expected, WafEngine.Inspect(Policy(""), request, new WafSwitches(LibInjectionSql: sql, LibInjectionXss: xss)).Verdict);
    }

    [Fact]
    public void FlagVariable_SwitchesLibInjectionOff()
    {
        var request = WafCase.Get("/?q=1'%20OR%20'1'='1", Pass).ToRequest();
        Assert.Equal(Pass, WafEngine.Inspect(Policy("LibInjectionSql;"), request, new WafSwitches(LibInjectionSql: false)).Verdict);
    }

    [Theory]
    [InlineData("/?ruuu=%3Cscript%3Ealert(1)%3C/script%3E", Drop)]
    [InlineData("/?other=%3Cscript%3Ealert(1)%3C/script%3E", Pass)]
    [InlineData("/?ruuu=hello", Pass)]
    public void VirtualPatch_DLibinjXss_OnOneVariable(string target, WafVerdict expected) =>
        Assert.Equal(expected, Inspect(Policy("", "MainRule \"d:libinj_xss\" \"s:DROP\" \"mz:$ARGS_VAR:ruuu\" id:41231;"), target).Verdict);

    [Fact]
    public void VirtualPatch_DLibinjSql_ScoresLikeAnyRule()
    {
        var policy = Policy("CheckRule \"$SQLI >= 8\" BLOCK;", "MainRule \"d:libinj_sql\" \"s:$SQLI:8\" \"mz:ARGS\" id:41232;");
        var result = Inspect(policy, "/?id=1%20UNION%20SELECT%20password%20FROM%20users");
        Assert.Equal(Block, result.Verdict);
        Assert.Equal(41232, Assert.Single(result.Matches).RuleId);
        Assert.Equal(Pass, Inspect(policy, "/?id=42").Verdict);
    }

    [Fact]
    public void LogLine_NamesRule17AndItsScore()
    {
        var result = Inspect(Policy("LibInjectionSql;"), "/p?q=1'%20OR%20'1'='1");
        Assert.Equal("NAXSI_FMT: ip=127.0.0.1&server=example.test&uri=%2Fp&config=block&rid=r1&cscore0=$LIBINJECTION_SQL&score0=8&zone0=ARGS&id0=17&var_name0=q",
            NaxsiLogLine.Format(result, "127.0.0.1", "example.test", "/p", "r1"));
    }
}
