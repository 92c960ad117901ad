using System.Text.RegularExpressions;

namespace ProxyServer.NginxConf.Naxsi;

/// <summary>
/// The pattern of a rule. The runtime counts how many times it occurs in one name or value
/// (Runtime/Waf/Rules/RuleMatching).
/// </summary>
public abstract record RuleMatcher;

/// <summary><c>str:</c>: case-insensitive substring, every non-overlapping occurrence counts.</summary>
public sealed record StringMatcher(string Text) : RuleMatcher;

/// <summary><c>rx:</c>: every non-overlapping match counts.</summary>
public sealed record RegexMatcher(Regex Regex) : RuleMatcher;

/// <summary>
/// <c>d:libinj_sql</c> / <c>d:libinj_xss</c>: libinjection's SQLi or XSS detector (Runtime/Waf/LibInjection);
/// a detection counts once.
/// </summary>
public sealed record LibInjectionMatcher(LibInjectionDetector Detector) : RuleMatcher;

public enum LibInjectionDetector { Sql, Xss }
