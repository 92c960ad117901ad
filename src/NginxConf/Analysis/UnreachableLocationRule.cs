using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Analysis;

/// <summary>
/// Locations that can never be chosen: a regex location written again with the same pattern (the
/// first one always wins), or any regex location after one that matches every URI (<c>~ .*</c>, <c>~ /</c>).
/// nginx accepts both silently.
/// </summary>
public sealed class UnreachableLocationRule : IAnalysisRule
{
    private static readonly HashSet<string> MatchesEverything = new(StringComparer.Ordinal) { "", ".*", "^.*", "/", "^/", ".", "^", "(.*)", "^(.*)$", ".*$" };

    public IEnumerable<Diagnostic> Check(IReadOnlyList<ConfigDirective> block, AnalysisScope scope)
    {
        if (scope.Context is not (DirectiveContext.Server or DirectiveContext.Location)) yield break;
        var seen = new Dictionary<(LocationMatch, string), ConfigDirective>();
        ConfigDirective? catchAll = null;
        foreach (var directive in block.Where(d => d.Name == "location" && d.Block is not null))
        {
            if (LocationPattern.Parse([.. directive.Args.Select(a => a.Value)]).Value is not { IsRegex: true } pattern) continue;
            if (catchAll is not null)
            {
                yield return Diagnostic.Warning(
                    $"location \"{pattern}\" can never match: the regex location at line {catchAll.Position.Line} matches every URI first",
                    directive.Position);
                continue;
            }
            var key = (pattern.Match, pattern.Uri);
            if (seen.TryGetValue(key, out var first))
            {
                yield return Diagnostic.Warning(
                    $"location \"{pattern}\" can never match: the same regex location at line {first.Position.Line} always wins",
                    directive.Position);
                continue;
            }
            seen[key] = directive;
            if (MatchesEverything.Contains(pattern.Uri)) catchAll = directive;
        }
    }
}
