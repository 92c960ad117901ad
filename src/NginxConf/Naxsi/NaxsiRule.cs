using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Naxsi;

/// <summary>A detection rule: <c>MainRule</c>/<c>BasicRule</c> with a pattern, a zone and scores.</summary>
public sealed record NaxsiRule(
    int Id,
    RuleMatcher Matcher,
    MatchZone Zone,
    IReadOnlyList<ScoreItem> Scores,
    bool Negative,
    string? Message,
    SourcePosition Position);

/// <summary>
/// The ids of a <c>wl:</c>: explicit ids, <c>0</c> for every rule, or <c>-N,...</c> for every user
/// rule except those.
/// </summary>
public sealed record WhitelistIds(IReadOnlySet<int> Ids, bool AllRules, bool Excluding);

/// <summary>A whitelist: <c>wl:</c> ids and an optional zone (none: everywhere in its scope).</summary>
public sealed record NaxsiWhitelist(WhitelistIds Ids, MatchZone? Zone, SourcePosition Position);
