using System.Text.RegularExpressions;

namespace ProxyServer.NginxConf.Naxsi;

/// <summary>The pattern of a rule: how many times it occurs in one name or value.</summary>
public abstract record RuleMatcher
{
    public abstract int CountIn(string input);
}

/// <summary><c>str:</c>: case-insensitive substring, every non-overlapping occurrence counts.</summary>
public sealed record StringMatcher(string Text) : RuleMatcher
{
    public override int CountIn(string input)
    {
        if (Text.Length == 0) return 0;
        var count = 0;
        var at = input.IndexOf(Text, StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            count++;
            at = input.IndexOf(Text, at + Text.Length, StringComparison.OrdinalIgnoreCase);
        }
        return count;
    }
}

/// <summary><c>rx:</c>: every non-overlapping match counts.</summary>
public sealed record RegexMatcher(Regex Regex) : RuleMatcher
{
    public override int CountIn(string input) => WafRegex.Count(Regex, input);
}

/// <summary>
/// <c>d:libinj_sql</c> / <c>d:libinj_xss</c>. libinjection is not available in this runtime, so
/// such a rule never matches; loading one produces a warning saying so.
/// </summary>
public sealed record LibInjectionMatcher(string Detector) : RuleMatcher
{
    public override int CountIn(string input) => 0;
}
