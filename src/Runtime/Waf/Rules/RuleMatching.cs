using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.LibInjection;

namespace ProxyServer.Runtime.Waf.Rules;

/// <summary>
/// What the engine asks of a parsed rule at request time: how often its pattern occurs, which zones
/// and names it looks at, what a whitelist covers, when a CheckRule fires. The rules themselves are
/// parsed in NginxConf (<see cref="RuleParser"/>, so <c>check</c> reports what naxsi refuses); only
/// the request-time side lives here, beside libinjection.
/// </summary>
public static class RuleMatching
{
    /// <summary>The pattern of a rule: how many times it occurs in one name or value.</summary>
    extension(RuleMatcher matcher)
    {
        public int CountIn(string input) => matcher switch
        {
            StringMatcher text => CountText(text.Text, input),
            RegexMatcher regex => WafRegexSearch.Count(regex.Regex, input),
            // libinjection's SQLi or XSS detector (see Sqli, Xss): a detection counts once.
            LibInjectionMatcher libInjection =>
                (libInjection.Detector == LibInjectionDetector.Sql ? LibInjectionText.IsSqli(input) : LibInjectionText.IsXss(input)) ? 1 : 0,
            _ => throw new ArgumentOutOfRangeException(nameof(matcher), matcher, "unknown naxsi pattern"),
        };
    }

    /// <summary>
    /// <c>str:</c>: case-insensitive substring, every occurrence counts, overlapping ones too
    /// (nginx+naxsi scores <c>str:aaa</c> four times in <c>aaaaaa</c>; <c>rx:</c> counts non-overlapping matches).
    /// </summary>
    private static int CountText(string text, string input)
    {
        if (text.Length == 0) return 0;
        var count = 0;
        var at = input.IndexOf(text, StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            count++;
            at = input.IndexOf(text, at + 1, StringComparison.OrdinalIgnoreCase);
        }
        return count;
    }

    /// <summary>Names compare case-insensitively; a regex is searched, not anchored.</summary>
    extension(VariableTarget variable)
    {
        public bool NameMatches(string name) =>
            variable.NamePattern is null
                ? string.Equals(variable.Name, name, StringComparison.OrdinalIgnoreCase)
                : WafRegexSearch.IsMatch(variable.NamePattern, name);
    }

    /// <summary><c>$URL:/path</c> (exact, case-insensitive) or <c>$URL_X:regex</c>.</summary>
    extension(UrlTarget target)
    {
        public bool Matches(string url) =>
            target.PathPattern is null
                ? string.Equals(target.Path, url, StringComparison.OrdinalIgnoreCase)
                : WafRegexSearch.IsMatch(target.PathPattern, url);
    }

    /// <summary>
    /// A rule reads a match zone as "any of these zones or variables, on this URL"; a whitelist reads
    /// it as "this zone and this variable and this URL".
    /// </summary>
    extension(MatchZone mz)
    {
        /// <summary>For a rule: does it look at variable <paramref name="name"/> of <paramref name="zone"/>?</summary>
        public bool Targets(RequestZone zone, string name)
        {
            if ((mz.Zones & zone) != 0) return true;
            foreach (var variable in mz.Variables)
                if (variable.Zone == zone && variable.NameMatches(name)) return true;
            return false;
        }

        /// <summary>
        /// For a whitelist: is a match in <paramref name="zone"/>, variable <paramref name="name"/>
        /// (in the name itself when <paramref name="inName"/>), on <paramref name="url"/> covered?
        /// Zone, variable, URL and NAME are ANDed; several variables are alternatives. BODY also
        /// covers RAW_BODY and the variables of a multipart body include its file parts.
        /// </summary>
        public bool Covers(RequestZone zone, string name, bool inName, string url)
        {
            if (mz.NameOnly != inName) return false;
            if (mz.Url is not null && !mz.Url.Matches(url)) return false;
            if (mz.Zones != RequestZone.None && (mz.Zones & zone) == 0 && !(zone is RequestZone.RawBody && (mz.Zones & RequestZone.Body) != 0))
                return false;
            if (mz.Variables.Count == 0) return true;
            foreach (var variable in mz.Variables)
                if (VariableZoneCovers(variable.Zone, zone) && variable.NameMatches(name)) return true;
            return false;
        }
    }

    // A multipart file part is a body variable too: its filename is checked in FILE_EXT.
    private static bool VariableZoneCovers(RequestZone variableZone, RequestZone actual) =>
        variableZone == actual || (variableZone is RequestZone.Body && actual is RequestZone.FileExt);

    /// <summary>
    /// The ids of a <c>wl:</c>: explicit ids, <c>0</c> for every rule, or <c>-N,...</c> for every user
    /// rule except those.
    /// </summary>
    extension(WhitelistIds whitelist)
    {
        public bool Contains(int id)
        {
            if (whitelist.AllRules) return true;
            if (whitelist.Excluding) return id >= InternalRules.FirstUserRule && !whitelist.Ids.Contains(id);
            return whitelist.Ids.Contains(id);
        }
    }

    extension(NaxsiWhitelist whitelist)
    {
        public bool Covers(int id, RequestZone zone, string name, bool inName, string url) =>
            whitelist.Ids.Contains(id) && (whitelist.Zone is null || whitelist.Zone.Covers(zone, name, inName, url));
    }

    extension(CheckRule check)
    {
        public bool Fires(int score) => check.Operator switch
        {
            CheckOperator.GreaterOrEqual => score >= check.Threshold,
            CheckOperator.Greater => score > check.Threshold,
            CheckOperator.LessOrEqual => score <= check.Threshold,
            _ => score < check.Threshold,
        };
    }

    extension(RequestZone zone)
    {
        /// <summary>The zone name as naxsi writes it in a NAXSI_FMT line.</summary>
        public string LogName => zone switch
        {
            RequestZone.Headers => "HEADERS",
            RequestZone.Url => "URL",
            RequestZone.Args => "ARGS",
            RequestZone.Body => "BODY",
            RequestZone.RawBody => "RAW_BODY",
            RequestZone.FileExt => "FILE_EXT",
            _ => zone.ToString().ToUpperInvariant(),
        };
    }
}

/// <summary>
/// Searching with a regex <see cref="WafRegex.TryCompile"/> built: a backtracking match that times
/// out counts as a match, so an attacker gains nothing by it.
/// </summary>
public static class WafRegexSearch
{
    /// <summary>Non-overlapping matches of <paramref name="regex"/> in <paramref name="input"/>.</summary>
    public static int Count(Regex regex, string input)
    {
        try
        {
            return regex.Count(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return 1;
        }
    }

    public static bool IsMatch(Regex regex, string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }
}
