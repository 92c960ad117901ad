using System.Text.RegularExpressions;

namespace ProxyServer.NginxConf.Naxsi;

/// <summary>
/// <c>$ARGS_VAR:name</c>, <c>$BODY_VAR:name</c>, <c>$HEADERS_VAR:name</c> or their <c>_X</c> regex forms:
/// one named variable of a zone. Names compare case-insensitively; a regex is searched, not anchored.
/// </summary>
public sealed record VariableTarget(RequestZone Zone, string? Name, Regex? NamePattern);

/// <summary><c>$URL:/path</c> (exact, case-insensitive) or <c>$URL_X:regex</c>.</summary>
public sealed record UrlTarget(string? Path, Regex? PathPattern);

/// <summary>
/// A parsed <c>mz:</c>. A rule reads it as "any of these zones or variables, on this URL";
/// a whitelist reads it as "this zone and this variable and this URL" (Runtime/Waf/Rules/RuleMatching).
/// </summary>
public sealed record MatchZone(
    RequestZone Zones,
    IReadOnlyList<VariableTarget> Variables,
    UrlTarget? Url,
    bool NameOnly)
{
    /// <summary>The zones this mz can ever apply to, for indexing rules by zone.</summary>
    public RequestZone ReachableZones
    {
        get
        {
            var zones = Zones;
            foreach (var variable in Variables) zones |= variable.Zone;
            return zones;
        }
    }
}
