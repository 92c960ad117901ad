using System.Net;
using ProxyServer.Runtime.Waf.Engine;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;
using static ProxyServer.Runtime.Waf.Engine.WafVerdict;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>Scores, CheckRules, actions, LearningMode, IgnoreIP/CIDR and scope inheritance.</summary>
public sealed class NaxsiPolicyTests
{
    private static WafResult Inspect(string locationExtra, WafCase request, string httpExtra = "") =>
        WafEngine.Inspect(WafTestConfig.Protected(locationExtra, httpExtra), request.ToRequest());

    [Theory]
    [InlineData("/?a=<x>", Pass)]
    [InlineData("/?a=%zz", Pass)]
    [InlineData("/?a=%C0%AF", Drop)]
    public void LearningMode_PassesBlocksButNotDrops(string target, WafVerdict expected)
    {
        var result = Inspect("LearningMode;", WafCase.Get(target, Pass));
        Assert.Equal(expected, result.Verdict);
        Assert.True(result.ShouldLog);
        Assert.Equal(expected == Drop ? "learning-drop" : "learning", result.Mode);
    }

    [Theory]
    [InlineData(false, null, Pass)]
    [InlineData(null, true, Pass)]
    [InlineData(true, false, Block)]
    [InlineData(null, null, Block)]
    public void Switches_OverrideEnabledAndLearning(bool? enabled, bool? learning, WafVerdict expected) =>
        Assert.Equal(expected, WafEngine.Inspect(WafTestConfig.Protected(), WafCase.Get("/?a=<x>", Pass).ToRequest(), new WafSwitches(enabled, learning)).Verdict);

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    [InlineData("2", true)]
    [InlineData("", null)]
    [InlineData("on", null)]
    [InlineData(null, null)]
    public void SwitchVariable_IsReadAsANumber(string? value, bool? expected) => Assert.Equal(expected, WafSwitches.Parse(value));

    [Fact]
    public void DirectDropScore_DeniesEvenInLearningMode()
    {
        var result = Inspect("LearningMode; BasicRule \"str:foobar\" \"mz:ARGS\" \"s:DROP\" id:5000;", WafCase.Get("/?a=xfoobarx", Pass));
        Assert.Equal(Drop, result.Verdict);
    }

    [Fact]
    public void LogCheckRule_PassesAndLogs()
    {
        var result = Inspect("CheckRule \"$SQL >= 4\" LOG;", WafCase.Get("/?a=select", Pass));
        Assert.Equal(Pass, result.Verdict);
        Assert.True(result.ShouldLog);
        Assert.Equal("", result.Mode);   // nginx+naxsi writes config= with nothing after it
    }

    [Fact]
    public void AllowCheckRule_DoesNotOverrideBlock()
    {
        var result = Inspect("CheckRule \"$XSS >= 8\" ALLOW;", WafCase.Get("/?a=<x>", Pass));
        Assert.Equal(Block, result.Verdict);
    }

    [Theory]
    [InlineData("/?a=zzz", Pass)]
    [InlineData("/?a=select", Block)]
    public void LessThanCheckRule_NeverFiresWithoutItsScore(string target, WafVerdict expected) =>
        Assert.Equal(expected, Inspect("CheckRule \"$SQL < 100\" BLOCK;", WafCase.Get(target, Pass)).Verdict);

    [Fact]
    public void UserScore_WithoutCheckRule_DoesNothing()
    {
        var result = Inspect("BasicRule \"str:zzz\" \"mz:ARGS\" \"s:$CUSTOM:100\" id:5001;", WafCase.Get("/?a=zzz", Pass));
        Assert.Equal(Pass, result.Verdict);
        Assert.Equal(100, result.Score("$CUSTOM"));
        Assert.False(result.ShouldLog);
    }

    [Theory]
    [InlineData("IgnoreIP 127.0.0.1;", "127.0.0.1", Pass)]
    [InlineData("IgnoreIP 127.0.0.1;", "10.1.2.3", Block)]
    [InlineData("IgnoreCIDR 10.0.0.0/8;", "10.1.2.3", Pass)]
    [InlineData("IgnoreCIDR 10.0.0.0/8;", "::ffff:10.1.2.3", Pass)]
    [InlineData("IgnoreCIDR 10.0.0.0/8;", "11.1.2.3", Block)]
    [InlineData("ignore_cidr 2001:db8::/32;", "2001:db8::1", Pass)]
    public void IgnoredClients_AreOnlyLogged(string directive, string client, WafVerdict expected)
    {
        var request = WafCase.Get("/?a=<x>", Pass).ToRequest() with { ClientAddress = IPAddress.Parse(client) };
        var result = WafEngine.Inspect(WafTestConfig.Protected(directive), request);
        Assert.Equal(expected, result.Verdict);
        // naxsi clears an ignored client's BLOCK, so nothing is left to log (checked against nginx+naxsi).
        Assert.Equal(expected != Pass, result.ShouldLog);
        Assert.Equal(expected == Pass ? "ignore" : "block", result.Mode);
    }

    [Fact]
    public void IgnoredClient_IsNotDeniedByDropEither()
    {
        var request = WafCase.Get("/?a=%C0%AF", Pass).ToRequest();
        Assert.Equal(Pass, WafEngine.Inspect(WafTestConfig.Protected("IgnoreIP 127.0.0.1;"), request).Verdict);
    }

    [Fact]
    public void NoRulesAtAll_IsRule19Drop()
    {
        var (config, diagnostics, http) = WafTestConfig.Compile("""
            server { location / { SecRulesEnabled; DeniedUrl "/d"; } }
            """);
        Assert.Empty(diagnostics);
        var location = http[0].Block![0];
        var result = WafEngine.Inspect(config.PolicyFor(location), WafCase.Get("/", Pass).ToRequest());
        Assert.Equal(Drop, result.Verdict);
        Assert.Contains(result.Matches, m => m.RuleId == InternalRules.NoRules);
    }

    [Theory]
    [InlineData("/a", "ok=evil", Pass)]      // inherits the http-level whitelist
    [InlineData("/a", "no=evil", Block)]
    [InlineData("/b", "ok=evil", Block)]     // its own whitelists replace the inherited ones
    [InlineData("/b", "other=evil", Pass)]
    [InlineData("/a", "x=local", Pass)]      // a BasicRule belongs to its location
    [InlineData("/c", "x=local", Block)]
    [InlineData("/c", "x=late", Block)]      // a MainRule applies everywhere, wherever it is written
    [InlineData("/s", "x=evil", Block)]      // server-level switches and CheckRules reach nested locations
    [InlineData("/off", "x=evil", Pass)]
    public void Scopes_MainRulesGlobal_BasicRulesInherited(string location, string query, WafVerdict expected)
    {
        var (config, diagnostics, http) = WafTestConfig.Compile("""
            MainRule "str:evil" "mz:ARGS" "s:$SQL:8" id:5000;
            BasicRule wl:5000 "mz:$ARGS_VAR:ok";
            server {
                location /a { SecRulesEnabled; DeniedUrl "/d"; CheckRule "$SQL >= 8" BLOCK; }
                location /b { SecRulesEnabled; DeniedUrl "/d"; CheckRule "$SQL >= 8" BLOCK; BasicRule wl:5000 "mz:$ARGS_VAR:other"; }
                location /c { SecRulesEnabled; DeniedUrl "/d"; CheckRule "$SQL >= 8" BLOCK; BasicRule "str:local" "mz:ARGS" "s:$SQL:8" id:5001; }
                location /d { internal; return 403; }
            }
            server {
                rules_enabled; denied_url "/d"; check_rule "$SQL >= 8" BLOCK;
                location /s { location /s/inner { } }
                location /off { rules_disabled; }
            }
            main_rule "str:late" "mz:ARGS" "s:$SQL:8" id:5002;
            """);
        Assert.Empty(diagnostics);
        var block = http.Where(d => d.Name == "server").SelectMany(s => s.Block!).First(d => d.Name == "location" && d.Args[0].Value == location);
        var result = WafEngine.Inspect(config.PolicyFor(block), WafCase.Get(location + "?" + query, Pass).ToRequest());
        Assert.Equal(expected, result.Verdict);
    }
}
