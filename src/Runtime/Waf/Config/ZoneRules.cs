using System.Buffers;
using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;

namespace ProxyServer.Runtime.Waf.Config;

/// <summary>
/// The rules that can see one zone, split so a pair only meets the rules aimed at it: rules on the
/// whole zone, rules on a variable named exactly (looked up by name), rules on a variable regex.
/// Each group also keeps every <c>str:</c> literal in one <see cref="SearchValues{T}"/>: one
/// vectorised scan of a benign value proves that none of those rules can match it.
/// </summary>
internal sealed class ZoneRules
{
    public static readonly ZoneRules Empty = new(RequestZone.None, []);

    public RuleGroup Whole { get; }
    public IReadOnlyDictionary<string, RuleGroup> ByName { get; }
    public RuleGroup ByPattern { get; }

    /// <summary>No rule can see this zone (naxsi then does not parse it at all).</summary>
    public bool IsEmpty => Whole.IsEmpty && ByName.Count == 0 && ByPattern.IsEmpty;

    public ZoneRules(RequestZone zone, IEnumerable<NaxsiRule> rules)
    {
        var whole = new List<NaxsiRule>();
        var byName = new Dictionary<string, List<NaxsiRule>>(StringComparer.OrdinalIgnoreCase);
        var byPattern = new List<NaxsiRule>();
        foreach (var rule in rules)
        {
            if ((rule.Zone.Zones & zone) != 0)
            {
                whole.Add(rule);
                continue;
            }
            var added = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var variable in rule.Zone.Variables.Where(v => v.Zone == zone))
            {
                if (variable.Name is null)
                {
                    if (!byPattern.Contains(rule)) byPattern.Add(rule);
                }
                else if (added.Add(variable.Name))
                {
                    (byName.TryGetValue(variable.Name, out var list) ? list : byName[variable.Name] = []).Add(rule);
                }
            }
        }
        Whole = new RuleGroup(whole);
        ByName = byName.ToDictionary(p => p.Key, p => new RuleGroup(p.Value), StringComparer.OrdinalIgnoreCase);
        ByPattern = new RuleGroup(byPattern);
    }
}

/// <summary>
/// Rules tried together, with two prefilters: one <see cref="SearchValues{T}"/> scan for all their
/// plain <c>str:</c> literals, and one regex that is the alternation of their repetition-free
/// <c>rx:</c> patterns. A benign value fails both in two passes instead of one per rule.
/// </summary>
internal sealed class RuleGroup
{
    /// <summary>Plain <c>str:</c> rules: worth trying only where the literal scan found something.</summary>
    public NaxsiRule[] Literals { get; }
    /// <summary>Repetition-free <c>rx:</c> rules: worth trying only where the combined regex matched.</summary>
    public NaxsiRule[] Patterns { get; }
    /// <summary>Everything else (negative rules, other regexes): always tried.</summary>
    public NaxsiRule[] Others { get; }

    private readonly SearchValues<string>? _literals;
    private readonly Regex? _patterns;

    public RuleGroup(IReadOnlyList<NaxsiRule> rules)
    {
        Literals = rules.Where(IsLiteral).ToArray();
        Patterns = rules.Where(IsCombinable).ToArray();
        Others = rules.Except(Literals).Except(Patterns).ToArray();
        var literals = Literals.Select(r => ((StringMatcher)r.Matcher).Text).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _literals = literals.Length > 0 ? SearchValues.Create(literals, StringComparison.OrdinalIgnoreCase) : null;
        var patterns = Patterns.Select(r => "(?:" + ((RegexMatcher)r.Matcher).Regex + ")").Distinct().ToArray();
        _patterns = patterns.Length > 0 ? WafRegex.TryCompile(string.Join('|', patterns), out _) : null;
    }

    public bool IsEmpty => Literals.Length + Patterns.Length + Others.Length == 0;

    /// <summary>True when some literal of <see cref="Literals"/> occurs in <paramref name="text"/>.</summary>
    public bool MayMatchLiteral(string text) => _literals is not null && text.AsSpan().IndexOfAny(_literals) >= 0;

    /// <summary>True when some pattern of <see cref="Patterns"/> matches <paramref name="text"/>.</summary>
    public bool MayMatchPattern(string text) => _patterns is not null && WafRegexSearch.IsMatch(_patterns, text);

    private static bool IsLiteral(NaxsiRule rule) => rule.Matcher is StringMatcher && !rule.Negative;

    // Only patterns the combined regex cannot change the meaning of: no repetition (so the
    // alternation stays on the fast engine), no group numbers to shift under a backreference.
    private static bool IsCombinable(NaxsiRule rule) =>
        rule.Matcher is RegexMatcher { Regex: var regex } && !rule.Negative
        && (regex.Options & RegexOptions.NonBacktracking) == 0
        && !Regex.IsMatch(regex.ToString(), @"\\(?:[1-9]|k)");
}
