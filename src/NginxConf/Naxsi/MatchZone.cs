using System.Text.RegularExpressions;

namespace ProxyServer.NginxConf.Naxsi;

/// <summary>
/// <c>$ARGS_VAR:name</c>, <c>$BODY_VAR:name</c>, <c>$HEADERS_VAR:name</c> or their <c>_X</c> regex forms:
/// one named variable of a zone. Names compare case-insensitively; a regex is searched, not anchored.
/// </summary>
public sealed record VariableTarget(RequestZone Zone, string? Name, Regex? NamePattern)
{
    public bool NameMatches(string name) =>
        NamePattern is null
            ? string.Equals(Name, name, StringComparison.OrdinalIgnoreCase)
            : WafRegex.IsMatch(NamePattern, name);
}

/// <summary><c>$URL:/path</c> (exact, case-insensitive) or <c>$URL_X:regex</c>.</summary>
public sealed record UrlTarget(string? Path, Regex? PathPattern)
{
    public bool Matches(string url) =>
        PathPattern is null
            ? string.Equals(Path, url, StringComparison.OrdinalIgnoreCase)
            : WafRegex.IsMatch(PathPattern, url);
}

/// <summary>
/// A parsed <c>mz:</c>. A rule reads it as "any of these zones or variables, on this URL";
/// a whitelist reads it as "this zone and this variable and this URL" (see <see cref="Covers"/>).
/// </summary>
public sealed record MatchZone(
    RequestZone Zones,
    IReadOnlyList<VariableTarget> Variables,
    UrlTarget? Url,
    bool NameOnly)
{
    /// <summary>For a rule: does it look at variable <paramref name="name"/> of <paramref name="zone"/>?</summary>
    public bool Targets(RequestZone zone, string name)
    {
        if ((Zones & zone) != 0) return true;
        foreach (var variable in Variables)
            if (variable.Zone == zone && variable.NameMatches(name)) return true;
        return false;
    }

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

    /// <summary>
    /// For a whitelist: is a match in <paramref name="zone"/>, variable <paramref name="name"/>
    /// (in the name itself when <paramref name="inName"/>), on <paramref name="url"/> covered?
    /// Zone, variable, URL and NAME are ANDed; several variables are alternatives. BODY also
    /// covers RAW_BODY and the variables of a multipart body include its file parts.
    /// </summary>
    public bool Covers(RequestZone zone, string name, bool inName, string url)
    {
        if (NameOnly != inName) return false;
        if (Url is not null && !Url.Matches(url)) return false;
        if (Zones != RequestZone.None && (Zones & zone) == 0 && !(zone is RequestZone.RawBody && (Zones & RequestZone.Body) != 0))
            return false;
        if (Variables.Count == 0) return true;
        foreach (var variable in Variables)
            if (VariableZoneCovers(variable.Zone, zone) && variable.NameMatches(name)) return true;
        return false;
    }

    // A multipart file part is a body variable too: its filename is checked in FILE_EXT.
    private static bool VariableZoneCovers(RequestZone variableZone, RequestZone actual) =>
        variableZone == actual || (variableZone is RequestZone.Body && actual is RequestZone.FileExt);
}
