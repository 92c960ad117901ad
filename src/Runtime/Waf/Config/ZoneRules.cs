using System.Buffers;
using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;

namespace ProxyServer.Runtime.Waf.Config;

/// <summary>
/// The rules that can see one zone, grouped so a pair only meets the rules aimed at it, each group
/// in the order the rules were written (naxsi tries them in that order and stops at a block, so the
/// order decides what is logged): the rules on the whole zone (and on a variable regex) for any
/// name, and for each variable named exactly, those plus the rules on that name.
/// Each group also keeps every <c>str:</c> literal in one <see cref="SearchValues{T}"/>: one
/// vectorised scan of a benign value proves that none of those rules can match it.
/// </summary>
internal sealed class ZoneRules
{
    public static readonly ZoneRules Empty = new(RequestZone.None, []);

    private readonly RuleGroup _anyName;
    private readonly Dictionary<string, RuleGroup> _byName;

    /// <summary>No rule can see this zone (naxsi then does not parse it at all).</summary>
    public bool IsEmpty { get; }

    public ZoneRules(RequestZone zone, IEnumerable<NaxsiRule> rules)
    {
        var anyName = new List<NaxsiRule>();
        var named = new List<(NaxsiRule Rule, HashSet<string> Names)>();
        foreach (var rule in rules)
        {
            if ((rule.Zone.Zones & zone) != 0 || rule.Zone.Variables.Any(v => v.Zone == zone && v.Name is null))
            {
                anyName.Add(rule);
                continue;
            }
            var names = rule.Zone.Variables.Where(v => v.Zone == zone).Select(v => v.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (names.Count > 0)
            {
                anyName.Add(rule);   // a placeholder keeping its position; For(name) keeps it only under its names
                named.Add((rule, names));
            }
        }
        IsEmpty = anyName.Count == 0;
        var namedRules = named.Select(n => n.Rule).ToHashSet();
        _anyName = new RuleGroup(anyName.Where(r => !namedRules.Contains(r)).ToList());
        _byName = new Dictionary<string, RuleGroup>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in named.SelectMany(n => n.Names).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var forName = named.Where(n => n.Names.Contains(name)).Select(n => n.Rule).ToHashSet();
            _byName[name] = new RuleGroup(anyName.Where(r => !namedRules.Contains(r) || forName.Contains(r)).ToList());
        }
    }

    /// <summary>The rules to try on a pair named <paramref name="name"/>, in the order they were written.</summary>
    public RuleGroup For(string name) =>
        _byName.Count > 0 && _byName.TryGetValue(name, out var group) ? group : _anyName;
}

/// <summary>How a rule of a <see cref="RuleGroup"/> is prefiltered.</summary>
internal enum RuleKind : byte
{
    /// <summary>A plain <c>str:</c>: worth trying only where the literal scan found something.</summary>
    Literal,
    /// <summary>A repetition-free <c>rx:</c>: worth trying only where the combined regex matched.</summary>
    Pattern,
    /// <summary>Everything else (negative rules, other regexes, libinjection): always tried.</summary>
    Other,
}

/// <summary>
/// Rules tried together in the order they were written, with two prefilters: one
/// <see cref="SearchValues{T}"/> scan for all their plain <c>str:</c> literals, and one regex that
/// is the alternation of their repetition-free <c>rx:</c> patterns. A benign value fails both in
/// two passes instead of one per rule.
/// </summary>
internal sealed class RuleGroup
{
    public NaxsiRule[] Rules { get; }
    /// <summary>The prefilter of each of <see cref="Rules"/>.</summary>
    public RuleKind[] Kinds { get; }
    /// <summary>Some rule is always tried (<see cref="RuleKind.Other"/>).</summary>
    public bool HasOthers { get; }

    private readonly SearchValues<string>? _literals;
    private readonly Regex? _patterns;

    public RuleGroup(IReadOnlyList<NaxsiRule> rules)
    {
        Rules = [.. rules];
        Kinds = [.. rules.Select(r => IsLiteral(r) ? RuleKind.Literal : IsCombinable(r) ? RuleKind.Pattern : RuleKind.Other)];
        HasOthers = Kinds.Contains(RuleKind.Other);
        var literals = Rules.Where(IsLiteral).Select(r => ((StringMatcher)r.Matcher).Text).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _literals = literals.Length > 0 ? SearchValues.Create(literals, StringComparison.OrdinalIgnoreCase) : null;
        var patterns = Rules.Where(IsCombinable).Select(r => "(?:" + ((RegexMatcher)r.Matcher).Regex + ")").Distinct().ToArray();
        _patterns = patterns.Length > 0 ? WafRegex.TryCompile(string.Join('|', patterns), out _) : null;
    }

    public bool IsEmpty => Rules.Length == 0;

    /// <summary>True when some literal of the <see cref="RuleKind.Literal"/> rules occurs in <paramref name="text"/>.</summary>
    public bool MayMatchLiteral(string text) => _literals is not null && text.AsSpan().IndexOfAny(_literals) >= 0;

    /// <summary>True when some pattern of the <see cref="RuleKind.Pattern"/> rules matches <paramref name="text"/>.</summary>
    public bool MayMatchPattern(string text) => _patterns is not null && WafRegexSearch.IsMatch(_patterns, text);

    private static bool IsLiteral(NaxsiRule rule) => rule.Matcher is StringMatcher && !rule.Negative;

    // Only patterns the combined regex cannot change the meaning of: no repetition (so the
    // alternation stays on the fast engine), no group numbers to shift under a backreference.
    private static bool IsCombinable(NaxsiRule rule) =>
        rule.Matcher is RegexMatcher { Regex: var regex } && !rule.Negative
        && (regex.Options & RegexOptions.NonBacktracking) == 0
        && !Regex.IsMatch(regex.ToString(), @"\\(?:[1-9]|k)");
}
