using ProxyServer.Runtime.Waf.Engine;
using static ProxyServer.Runtime.Waf.Engine.WafVerdict;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>
/// The verdicts of NAXSI-NOTES.md section 6 (checked there against nginx built with naxsi), with
/// the core rules read from shared/waf and the CheckRules the docs recommend.
/// </summary>
public sealed class NaxsiVerdictTests
{
    private static readonly Lazy<ProxyServer.Runtime.Waf.Config.WafPolicy> Policy = new(() => WafTestConfig.Protected());

    public static TheoryData<WafCase> SectionSix => new()
    {
        WafCase.Get("/?q=hello+world", Pass),
        WafCase.Get("/?a=select", Pass),
        WafCase.Get("/?a=1+UnIoN+SeLeCt+1", Block),
        WafCase.Get("/?name=O'Brien", Block),
        WafCase.Get("/?uuu=b,c", Pass),
        WafCase.Get("/x,y?uuu=b,c", Block),
        WafCase.Get("/?a=../../etc/passwd", Block),
        WafCase.Get("/?a=..", Pass),
        WafCase.Get("/?a=%3Cscript%3E", Block),
        WafCase.Get("/", Pass, "Cookie: a=1; b=2"),
        WafCase.Get("/", Block, "Cookie: a=x\"y"),
        WafCase.Get("/", Pass, "User-Agent: <script>alert(1)</script>"),
        WafCase.Post("text/plain", "hello", Block),
    };

    public static TheoryData<WafCase> MoreCheckedCases => new()
    {
        WafCase.Get("/?u=https://example.com", Block),
        WafCase.Get("/foo;jsessionid=1", Block),
        WafCase.Get("/?a=1&", Block),
        WafCase.Get("/?a=%zz", Block),
        WafCase.Get("/?%3Cscript%3E=1", Block),
        WafCase.Get("/?email=foo@example.com", Pass),
        WafCase.Get("/?q=C%23", Pass),
        WafCase.Get("/?a=[1]", Block),
        WafCase.Get("/?a=%C0%AF", Drop),
        WafCase.Post("application/x-www-form-urlencoded", "comment=I+like+it", Pass),
        WafCase.Post("application/x-www-form-urlencoded", "comment=<b>hi</b>", Block),
        WafCase.Post("application/json", "{\"a\":\"b\"}", Pass),
        WafCase.Post("application/json", "{\"a\":\"<b>\"}", Block),
        WafCase.Post("application/json", "{\"a\":", Block),
        WafCase.Post("multipart/form-data; boundary=XyZ123", WafCase.MultipartBody("XyZ123", "notes.txt"), Pass),
        WafCase.Post("multipart/form-data; boundary=XyZ123", WafCase.MultipartBody("XyZ123", "shell.php"), Block),
        WafCase.Post("multipart/form-data; boundary=XyZ123", WafCase.MultipartBody("XyZ123", "x$y.txt"), Block),
    };

    [Theory]
    [MemberData(nameof(SectionSix))]
    public void Verdict_CoreRules_SectionSix(WafCase request) =>
        Assert.Equal(request.Expected, WafEngine.Inspect(Policy.Value, request.ToRequest()).Verdict);

    [Theory]
    [MemberData(nameof(MoreCheckedCases))]
    public void Verdict_CoreRules_MoreCheckedCases(WafCase request) =>
        Assert.Equal(request.Expected, WafEngine.Inspect(Policy.Value, request.ToRequest()).Verdict);

    [Theory]
    [InlineData("/?a=1+UnIoN+SeLeCt+1", "$SQL", 8)]
    [InlineData("/x,y?uuu=b,c", "$SQL", 8)]
    [InlineData("/?uuu=b,c", "$SQL", 4)]
    [InlineData("/?a=../../etc/passwd", "$TRAVERSAL", 8)]   // blocked at 1200's 8: 1202 (etc/passwd) is not tried (nginx+naxsi logs the same)
    [InlineData("/?name=O'Brien", "$XSS", 8)]
    [InlineData("/?u=https://example.com", "$RFI", 8)]
    public void Score_SumsEveryOccurrenceInEveryZone(string target, string counter, int expected) =>
        Assert.Equal(expected, WafEngine.Inspect(Policy.Value, WafCase.Get(target, Pass).ToRequest()).Score(counter));

    [Theory]
    [InlineData("/?a=1&&b=2", 12)]
    [InlineData("/?a=%zz", 10)]
    [InlineData("/?a=%00", 10)]
    [InlineData("/?a=%C0%AF", 20)]
    public void InternalRule_FiresOnMalformedArgs(string target, int id) =>
        Assert.Contains(WafEngine.Inspect(Policy.Value, WafCase.Get(target, Pass).ToRequest()).Matches, m => m.RuleId == id);

    [Fact]
    public void Url_IsCheckedAfterDotSegmentsAreRemoved()
    {
        // "/a/../b" is checked as "/b": no ".." left for rule 1200 to see.
        var result = WafEngine.Inspect(Policy.Value, WafCase.Get("/a/../b", Pass).ToRequest());
        Assert.Equal(0, result.Score("$TRAVERSAL"));
    }

    [Theory]
    [InlineData("/\u00c0\u00af", Drop)]   // bytes C0 AF: bad UTF-8 (rule 20)
    [InlineData("/\u00c3\u00a9t\u00c3\u00a9", Pass)]   // "été" in UTF-8
    [InlineData("/a\u0000b", Block)]   // NUL (rule 10)
    [InlineData("/x,y", Pass)]   // $SQL 4 from the URL alone
    public void ServerNormalizedPath_IsTheUrlZone(string bytePath, WafVerdict expected)
    {
        var request = WafCase.Get("/ignored", Pass).ToRequest() with { NormalizedPath = bytePath };
        Assert.Equal(expected, WafEngine.Inspect(Policy.Value, request).Verdict);
    }

    [Theory]
    [InlineData("0.0.0.0", Drop)]
    [InlineData("0.1.2.3:8080", Drop)]
    [InlineData("255.255.255.255", Drop)]
    [InlineData("[::]", Drop)]
    [InlineData("[ff02::1]:80", Drop)]
    [InlineData("127.0.0.1", Pass)]
    [InlineData("example.test", Pass)]
    public void IllegalHost_IsRule21Drop(string host, WafVerdict expected)
    {
        var request = WafCase.Get("/", Pass).ToRequest() with { Headers = [KeyValuePair.Create("Host", host)] };
        Assert.Equal(expected, WafEngine.Inspect(Policy.Value, request).Verdict);
    }

    [Fact]
    public void EmptyPost_IsRule16()
    {
        var result = WafEngine.Inspect(Policy.Value, WafCase.Post("application/x-www-form-urlencoded", "", Pass).ToRequest());
        Assert.Equal(Block, result.Verdict);
        Assert.Contains(result.Matches, m => m.RuleId == 16);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g1234567890")]
    public void MultipartBoundary_OutsideThreeToSeventy_IsRule14(string boundary)
    {
        var result = WafEngine.Inspect(Policy.Value, WafCase.Post($"multipart/form-data; boundary={boundary}", WafCase.MultipartBody(boundary, "a.txt"), Pass).ToRequest());
        Assert.Contains(result.Matches, m => m.RuleId == 14);
    }

    [Fact]
    public void DisabledLocation_PassesEverything()
    {
        var (policy, _) = WafTestConfig.Location($"SecRulesDisabled; DeniedUrl \"{WafTestConfig.DeniedUrl}\"; {WafTestConfig.CoreCheckRules}");
        Assert.Equal(Pass, WafEngine.Inspect(policy, WafCase.Get("/?a=<script>", Pass).ToRequest()).Verdict);
    }
}
