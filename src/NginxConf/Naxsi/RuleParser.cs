using System.Globalization;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Naxsi;

/// <summary>
/// Reads the items of one <c>MainRule</c>/<c>BasicRule</c> (in any order, quoted or not) into a
/// <see cref="NaxsiRule"/> or a <see cref="NaxsiWhitelist"/>. Every problem is reported at the item
/// it concerns; a line with any error yields nothing, so a bad rule never half-loads.
/// </summary>
public static class RuleParser
{
    public static object? Parse(string directive, IReadOnlyList<ConfigArgument> items, SourcePosition at, ICollection<Diagnostic> diagnostics)
    {
        var errorsBefore = diagnostics.Count(d => d.Severity == Severity.Error);
        int? id = null;
        WhitelistIds? whitelist = null;
        RuleMatcher? matcher = null;
        MatchZone? zone = null;
        IReadOnlyList<ScoreItem>? scores = null;
        string? message = null;
        var negative = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var item in items)
        {
            var text = item.Value;
            var colon = text.IndexOf(':');
            var key = text == "negative" ? "negative" : colon > 0 ? text[..(colon + 1)] : text;
            var body = colon > 0 ? text[(colon + 1)..] : "";
            if (key is "str:" or "rx:" or "d:") key = "pattern";
            if (!seen.Add(key))
            {
                diagnostics.Add(Diagnostic.Error($"duplicate naxsi rule item \"{text}\"", item.Position));
                continue;
            }
            switch (text)
            {
                case "negative":
                    negative = true;
                    break;
                case var _ when text.StartsWith("id:", StringComparison.Ordinal):
                    if (int.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) id = parsed;
                    else diagnostics.Add(Diagnostic.Error($"invalid naxsi rule id \"{text}\"", item.Position));
                    break;
                case var _ when text.StartsWith("wl:", StringComparison.Ordinal):
                    whitelist = ParseWhitelistIds(text, body, item.Position, diagnostics);
                    break;
                case var _ when text.StartsWith("s:", StringComparison.Ordinal):
                    scores = ParseScores(text, body, item.Position, diagnostics);
                    break;
                case var _ when text.StartsWith("str:", StringComparison.Ordinal):
                    if (body.Length == 0) diagnostics.Add(Diagnostic.Error($"empty naxsi pattern \"{text}\"", item.Position));
                    else matcher = new StringMatcher(body);
                    break;
                case var _ when text.StartsWith("rx:", StringComparison.Ordinal):
                    var regex = WafRegex.TryCompile(body, out var reason);
                    if (regex is null) diagnostics.Add(Diagnostic.Error($"invalid regex in naxsi rule item \"{text}\": {reason}", item.Position));
                    else matcher = new RegexMatcher(regex);
                    break;
                case "d:libinj_sql":
                    matcher = new LibInjectionMatcher(LibInjectionDetector.Sql);
                    break;
                case "d:libinj_xss":
                    matcher = new LibInjectionMatcher(LibInjectionDetector.Xss);
                    break;
                case var _ when text.StartsWith("mz:", StringComparison.Ordinal):
                    zone = MatchZoneParser.Parse(text, body, item.Position, diagnostics);
                    break;
                case var _ when text.StartsWith("msg:", StringComparison.Ordinal):
                    message = body;
                    break;
                default:
                    diagnostics.Add(Diagnostic.Error($"unknown naxsi rule item \"{text}\"", item.Position));
                    break;
            }
        }

        // A broken item already explains the line: no cascade of "has no ..." errors after it.
        if (diagnostics.Count(d => d.Severity == Severity.Error) > errorsBefore) return null;

        if (seen.Contains("wl:"))
        {
            if (matcher is not null)
                diagnostics.Add(Diagnostic.Error($"{directive} is a whitelist (\"wl:\") and cannot have a pattern", at));
            if (zone is not null && zone.Zones == RequestZone.None && zone.Variables.Count == 0 && zone.Url is null && !zone.NameOnly)
                diagnostics.Add(Diagnostic.Error($"{directive} whitelist has an empty match zone", at));
        }
        else
        {
            if (id is null) diagnostics.Add(Diagnostic.Error($"{directive} has no \"id:\"", at));
            if (matcher is null) diagnostics.Add(Diagnostic.Error($"{directive} has no pattern (\"str:\", \"rx:\" or \"d:\")", at));
            if (zone is null) diagnostics.Add(Diagnostic.Error($"{directive} has no match zone (\"mz:\")", at));
            else if (zone.ReachableZones == RequestZone.None)
                diagnostics.Add(Diagnostic.Error($"{directive} match zone names no zone to check ($URL alone is a condition, not a zone)", at));
        }

        if (diagnostics.Count(d => d.Severity == Severity.Error) > errorsBefore) return null;
        if (whitelist is not null) return new NaxsiWhitelist(whitelist, zone, at);
        return new NaxsiRule(id!.Value, matcher!, zone!, scores ?? [], negative, message, at);
    }

    private static WhitelistIds? ParseWhitelistIds(string text, string body, SourcePosition at, ICollection<Diagnostic> diagnostics)
    {
        var ids = new HashSet<int>();
        bool anyPositive = false, anyNegative = false, all = false;
        foreach (var part in body.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                diagnostics.Add(Diagnostic.Error($"invalid naxsi whitelist id \"{part}\" in \"{text}\"", at));
                return null;
            }
            if (value == 0) all = true;
            else if (value < 0) anyNegative = true;
            else anyPositive = true;
            ids.Add(Math.Abs(value));
        }
        if (anyPositive && anyNegative)
        {
            diagnostics.Add(Diagnostic.Error($"naxsi whitelist \"{text}\" mixes positive and negative ids", at));
            return null;
        }
        return new WhitelistIds(ids, all, anyNegative);
    }

    private static IReadOnlyList<ScoreItem>? ParseScores(string text, string body, SourcePosition at, ICollection<Diagnostic> diagnostics)
    {
        var scores = new List<ScoreItem>();
        foreach (var part in body.Split(','))
        {
            if (WafActions.TryParse(part, out var action))
            {
                scores.Add(ScoreItem.Direct(action));
                continue;
            }
            // A bare number is naxsi's plain rule score, which no named CheckRule reads: accepted, no effect.
            if (int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) continue;
            var colon = part.LastIndexOf(':');
            if (part.StartsWith('$') && colon > 1
                && int.TryParse(part[(colon + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var weight))
            {
                scores.Add(ScoreItem.Named(part[..colon], weight));
                continue;
            }
            diagnostics.Add(Diagnostic.Error($"invalid naxsi score \"{part}\" in \"{text}\"", at));
            return null;
        }
        return scores;
    }
}
