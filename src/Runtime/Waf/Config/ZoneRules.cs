using System.Buffers;
using ProxyServer.NginxConf.Naxsi;

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

/// <summary>Rules tried together, with the literal prefilter of their plain <c>str:</c> patterns.</summary>
internal sealed class RuleGroup
{
    public NaxsiRule[] Rules { get; }
    private readonly SearchValues<string>? _literals;

    public RuleGroup(IReadOnlyList<NaxsiRule> rules)
    {
        Rules = [.. rules];
        var literals = rules.Where(IsPrefiltered).Select(r => ((StringMatcher)r.Matcher).Text).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _literals = literals.Length > 0 ? SearchValues.Create(literals, StringComparison.OrdinalIgnoreCase) : null;
    }

    public bool IsEmpty => Rules.Length == 0;

    /// <summary>A rule that cannot match <paramref name="text"/> when the group's prefilter found no literal in it.</summary>
    public static bool IsPrefiltered(NaxsiRule rule) => rule.Matcher is StringMatcher && !rule.Negative;

    /// <summary>False only when no <c>str:</c> literal of the group occurs in <paramref name="text"/>.</summary>
    public bool MayContainLiteral(string text) => _literals is not null && text.AsSpan().IndexOfAny(_literals) >= 0;
}
