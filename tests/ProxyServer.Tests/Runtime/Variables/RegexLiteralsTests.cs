using ProxyServer.Runtime.Variables;

namespace ProxyServer.Tests.Runtime.Variables;

/// <summary>The literals a regex forces at the ends of what it matches: what may be skipped must truly not match.</summary>
public sealed class RegexLiteralsTests
{
    [Theory]
    [InlineData(@"^r1\.bench\.test$", "r1.bench.test", "r1.bench.test")]
    [InlineData(@"^(?<sub>.+)\.example\.com$", "", ".example.com")]
    [InlineData(@"^api\.", "api.", "")]
    [InlineData(@"\.php$", "", ".php")]
    [InlineData(@"^ab?c", "a", "")]
    [InlineData(@"^ab*c", "a", "")]
    [InlineData(@"^ab{2}c", "a", "")]
    [InlineData(@"^ab+c", "ab", "")]
    [InlineData(@"^a\.?b", "a", "")]
    [InlineData(@"x?y$", "", "y")]
    [InlineData(@"xy*$", "", "")]
    [InlineData(@"xy{1,3}$", "", "")]
    [InlineData(@"^\d+\.com$", "", ".com")]
    [InlineData(@"^www\d\.a$", "www", ".a")]
    [InlineData(@"^a\$$", "a$", "a$")]
    [InlineData(@"^a\\$", "a\\", "a\\")]
    [InlineData(@"a\$", "", "")]
    [InlineData(@"^[ab]c$", "", "c")]
    [InlineData(@"^(a|b)c$", "", "c")]
    [InlineData(@"^a|b$", "", "")]
    [InlineData(@"^(?i)abc$", "", "")]
    [InlineData(@"^abc(?i:d)$", "", "")]
    [InlineData(@"^\Qa.b\E$", "", "")]
    [InlineData(@"(*CRLF)^a$", "", "")]
    [InlineData(@"^a[|]b$", "a", "b")]
    [InlineData(@"^(?:x)y(?=z)", "", "")]
    [InlineData(@"^(?P<n>a)b$", "", "b")]
    [InlineData(@"", "", "")]
    [InlineData(@"$", "", "")]
    public void RequiredAffixes_AreWhatEveryMatchMustHave(string pattern, string prefix, string suffix) =>
        Assert.Equal((prefix, suffix), RegexLiterals.RequiredAffixes(pattern));

    /// <summary>The property the index relies on, checked against .NET's own matching of the same patterns.</summary>
    [Theory]
    [InlineData(@"^ab+c", "abbbc", "ac")]
    [InlineData(@"^ab?c", "ac", "xac")]
    [InlineData(@"x?y$", "y", "yx")]
    [InlineData(@"^(?<sub>.+)\.example\.com$", "q.example.com", "example.com")]
    [InlineData(@"^www\d\.a$", "www1.a", "www.a")]
    public void EveryMatch_HasTheAffixes_AndAMissingAffixMeansNoMatch(string pattern, string matching, string other)
    {
        var (prefix, suffix) = RegexLiterals.RequiredAffixes(pattern);
        var regex = new System.Text.RegularExpressions.Regex(pattern);
        Assert.Matches(regex, matching);
        Assert.StartsWith(prefix, matching);
        Assert.EndsWith(suffix, matching);
        Assert.DoesNotMatch(regex, other);
    }
}
