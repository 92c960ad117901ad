using System.Diagnostics;
using ProxyServer.Runtime.Waf.Engine;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>
/// A hostile request against a catastrophic regex must come back in bounded time (ReDoS). The
/// bound is generous (seconds, where a backtracking engine would need longer than the universe).
/// </summary>
public sealed class NaxsiRegexSafetyTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("rx:(a+)+$")]        // runs on the non-backtracking engine
    [InlineData("rx:^(a|aa)+\\1$")]  // a backreference needs backtracking: bounded by the match timeout
    public void CatastrophicPattern_OnHostileInput_ReturnsInBoundedTime(string pattern)
    {
        var policy = WafTestConfig.Protected($"BasicRule \"{pattern.Replace("\\", "\\\\")}\" \"mz:ARGS\" \"s:$SQL:8\" id:5000;");
        var hostile = new string('a', 40_000) + "!";
        var stopwatch = Stopwatch.StartNew();
        var result = WafEngine.Inspect(policy, WafCase.Get("/?q=" + hostile, WafVerdict.Pass).ToRequest());
        stopwatch.Stop();
        Assert.True(stopwatch.Elapsed < Bound, $"took {stopwatch.Elapsed}");
        Assert.NotNull(result);
    }

    [Fact]
    public void BacktrackingFallback_HasATimeout_AndNonBacktrackingIsTheDefault()
    {
        Assert.Equal(System.Text.RegularExpressions.RegexOptions.NonBacktracking,
            WafRegex.TryCompile("(a+)+$", out _)!.Options & System.Text.RegularExpressions.RegexOptions.NonBacktracking);
        Assert.Equal(WafRegex.BacktrackingTimeout, WafRegex.TryCompile("(a)\\1", out _)!.MatchTimeout);
    }

    [Fact]
    public void TimedOutMatch_CountsAsAMatch()
    {
        var regex = WafRegex.TryCompile("^(a|aa)+\\1$", out _)!;
        Assert.Equal(1, WafRegexSearch.Count(regex, new string('a', 40_000) + "!"));
    }
}
