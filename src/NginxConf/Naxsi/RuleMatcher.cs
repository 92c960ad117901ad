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
/// <c>d:libinj_sql</c> / <c>d:libinj_xss</c>: libinjection's SQLi or XSS detector (see
/// <see cref="LibInjection.Sqli"/>, <see cref="LibInjection.Xss"/>); a detection counts once.
/// </summary>
public sealed record LibInjectionMatcher(LibInjectionDetector Detector) : RuleMatcher
{
    public override int CountIn(string input) =>
        (Detector == LibInjectionDetector.Sql ? LibInjection.LibInjectionText.IsSqli(input) : LibInjection.LibInjectionText.IsXss(input)) ? 1 : 0;
}

public enum LibInjectionDetector { Sql, Xss }
