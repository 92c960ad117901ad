using ProxyServer.Runtime.Waf.Engine;
using static ProxyServer.Runtime.Waf.Engine.WafVerdict;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>Every form of <c>wl:</c> and of a whitelist's <c>mz:</c>, on top of the core rules.</summary>
public sealed class NaxsiWhitelistTests
{
    private static WafVerdict Verdict(string whitelist, WafCase request, string httpExtra = "") =>
        WafEngine.Inspect(WafTestConfig.Protected(whitelist, httpExtra), request.ToRequest()).Verdict;

    [Theory]
    [InlineData("/?name=O'Brien", Pass)]
    [InlineData("/?NAME=O'Brien", Pass)]
    [InlineData("/?other=O'Brien", Block)]
    public void NamedArgument_IsWhitelistedThereOnly(string target, WafVerdict expected) =>
        Assert.Equal(expected, Verdict("BasicRule wl:1013 \"mz:$ARGS_VAR:name\";", WafCase.Get(target, Pass)));

    [Theory]
    [InlineData("BasicRule wl:1310,1311 \"mz:ARGS|NAME\";", "/?param[bar]=baz", Pass)]
    [InlineData("BasicRule wl:1310,1311 \"mz:ARGS|NAME\";", "/?param=[baz]", Block)]
    [InlineData("BasicRule wl:1310,1311 \"mz:ARGS\";", "/?param[bar]=baz", Block)]
    [InlineData("BasicRule wl:1310,1311 \"mz:ARGS\";", "/?param=[baz]", Pass)]
    [InlineData("BasicRule wl:1310,1311 \"mz:$ARGS_VAR:param[bar]|NAME\";", "/?param[bar]=baz", Pass)]
    public void NameFlag_SeparatesNamesFromValues(string whitelist, string target, WafVerdict expected) =>
        Assert.Equal(expected, Verdict(whitelist, WafCase.Get(target, Pass)));

    [Theory]
    [InlineData("/foo?x='", Pass)]
    [InlineData("/bar?x='", Block)]
    public void Url_AndZone_AreAnded(string target, WafVerdict expected) =>
        Assert.Equal(expected, Verdict("BasicRule wl:1013 \"mz:$URL:/foo|ARGS\";", WafCase.Get(target, Pass)));

    [Theory]
    [InlineData("/api/v1?q1='", Pass)]
    [InlineData("/api/v1?z='", Block)]
    [InlineData("/web?q1='", Block)]
    public void RegexForms_MatchUrlAndArgumentNames(string target, WafVerdict expected) =>
        Assert.Equal(expected, Verdict("BasicRule wl:1013 \"mz:$URL_X:^/api/|$ARGS_VAR_X:^q\";", WafCase.Get(target, Pass)));

    [Theory]
    [InlineData("BasicRule wl:1015;", "/x,y?uuu=b,c", Pass)]
    [InlineData("BasicRule wl:1015 \"mz:$URL:/x,y|URL\";", "/x,y?uuu=b,c", Pass)]
    [InlineData("BasicRule wl:1015 \"mz:$URL:/other|URL\";", "/x,y?uuu=b,c", Block)]
    [InlineData("BasicRule wl:0;", "/?a=%zz", Pass)]
    [InlineData("BasicRule wl:0;", "/?a=<script>", Pass)]
    [InlineData("BasicRule wl:-1013;", "/?a=<x>", Pass)]
    [InlineData("BasicRule wl:-1013;", "/?a='", Block)]
    [InlineData("BasicRule wl:-1013;", "/?a=%zz", Block)]
    [InlineData("BasicRule wl:12 \"mz:ARGS\";", "/?a=1&", Pass)]
    public void IdLists_CoverWhatTheySay(string whitelist, string target, WafVerdict expected) =>
        Assert.Equal(expected, Verdict(whitelist, WafCase.Get(target, Pass)));

    [Theory]
    [InlineData("a=x\"y", Pass)]
    [InlineData("a=x'y", Block)]
    public void HeaderVariable_IsWhitelisted(string cookie, WafVerdict expected) =>
        Assert.Equal(expected, Verdict("BasicRule wl:1001 \"mz:$HEADERS_VAR:cookie\";", WafCase.Get("/", Pass, "Cookie: " + cookie)));

    [Theory]
    [InlineData("hello", Pass)]
    [InlineData("something evil", Block)]
    public void RawBody_IsCheckedOnlyOnceRule11IsWhitelisted(string body, WafVerdict expected) =>
        Assert.Equal(expected, Verdict("BasicRule wl:11 \"mz:BODY\";", WafCase.Post("text/plain", body, Pass),
            httpExtra: "MainRule \"str:evil\" \"msg:raw\" \"mz:RAW_BODY\" \"s:$SQL:8\" id:4242;"));

    [Fact]
    public void RawBodyRule_DoesNothingWhileRule11Blocks()
    {
        var result = WafEngine.Inspect(WafTestConfig.Protected(httpExtra: "MainRule \"str:evil\" \"mz:RAW_BODY\" \"s:$SQL:8\" id:4242;"),
            WafCase.Post("text/plain", "evil", Pass).ToRequest());
        Assert.DoesNotContain(result.Matches, m => m.RuleId == 4242);
        Assert.Contains(result.Matches, m => m.RuleId == 11);
    }

    [Theory]
    [InlineData("shell.php", Pass)]
    public void FileExt_WhitelistedForOnePart(string filename, WafVerdict expected) =>
        Assert.Equal(expected, Verdict("BasicRule wl:1500 \"mz:$BODY_VAR:file|FILE_EXT\";",
            WafCase.Post("multipart/form-data; boundary=XyZ123", WafCase.MultipartBody("XyZ123", filename), Pass)));

    [Theory]
    [InlineData("/?name=O'Brien", Pass)]
    [InlineData("/?other=O'Brien", Block)]
    public void MainRuleWhitelist_AppliesToEveryLocation(string target, WafVerdict expected) =>
        Assert.Equal(expected, Verdict("", WafCase.Get(target, Pass), httpExtra: "MainRule wl:1013 \"mz:$ARGS_VAR:name\";"));

    [Theory]
    [InlineData("{\"comment\":\"<b>\"}", Pass)]
    [InlineData("{\"other\":\"<b>\"}", Block)]
    public void BodyVariable_CoversJsonKeys(string body, WafVerdict expected) =>
        Assert.Equal(expected, Verdict("BasicRule wl:1302,1303 \"mz:$BODY_VAR:comment\";", WafCase.Post("application/json", body, Pass)));
}
