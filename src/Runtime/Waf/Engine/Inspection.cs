using ProxyServer.Runtime.Waf.Config;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;
using ProxyServer.Runtime.Waf.LibInjection;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// The state of checking one request: scores, fired rules and actions. Zone readers feed it
/// name/value pairs; it tries libinjection (when switched on) and the policy's rules on them and
/// skips whitelisted matches.
/// </summary>
internal sealed class Inspection(WafPolicy policy, string url, bool learning, LibInjectionSwitches libInjection = default)
{
    private List<KeyValuePair<string, int>>? _scores;
    private List<WafMatch>? _matches;

    public WafPolicy Policy => policy;
    public string Url => url;
    public WafAction Actions { get; private set; }

    /// <summary>Tries every rule that can see <paramref name="zone"/> on one pair (the URL has no name).</summary>
    public void CheckPair(RequestZone zone, string name, string value)
    {
        if (libInjection.Any) CheckLibInjection(zone, name, value);
        var rules = policy.RulesFor(zone);
        if (!rules.Whole.IsEmpty) CheckGroup(rules.Whole, zone, name, value);
        if (rules.ByName.Count > 0 && rules.ByName.TryGetValue(name, out var named)) CheckGroup(named, zone, name, value);
        if (!rules.ByPattern.IsEmpty) CheckGroup(rules.ByPattern, zone, name, value);
    }

    private void CheckGroup(RuleGroup group, RequestZone zone, string name, string value)
    {
        var hasName = name.Length > 0;
        if (group.Literals.Length > 0)
        {
            bool inValue = group.MayMatchLiteral(value), inName = hasName && group.MayMatchLiteral(name);
            if (inValue || inName) TryRules(group.Literals, zone, name, value, inValue, inName);
        }
        if (group.Patterns.Length > 0)
        {
            bool inValue = group.MayMatchPattern(value), inName = hasName && group.MayMatchPattern(name);
            if (inValue || inName) TryRules(group.Patterns, zone, name, value, inValue, inName);
        }
        if (group.Others.Length > 0) TryRules(group.Others, zone, name, value, true, hasName);
    }

    private void TryRules(NaxsiRule[] rules, RequestZone zone, string name, string value, bool tryValue, bool tryName)
    {
        foreach (var rule in rules)
        {
            var mz = rule.Zone;
            if (!mz.Targets(zone, name)) continue;
            if (mz.Url is not null && !mz.Url.Matches(url)) continue;
            if (!mz.NameOnly && tryValue)
            {
                var count = rule.Matcher.CountIn(value);
                if (rule.Negative) count = count == 0 ? 1 : 0;
                if (count > 0) Fire(rule, zone, name, inName: false, count, value);
            }
            // A negative rule speaks about values only; a name is tried unless there is none.
            if (!rule.Negative && tryName && name.Length > 0)
            {
                var count = rule.Matcher.CountIn(name);
                if (count > 0) Fire(rule, zone, name, inName: true, count, value);
            }
        }
    }

    /// <summary>
    /// naxsi's LibInjectionSql / LibInjectionXss: libinjection on the name, then on the value, of
    /// every pair, before the rules; a detection raises internal rule 17 / 18 there. naxsi runs it
    /// while checking a zone's rules, so a zone no rule looks at is not seen by libinjection either.
    /// </summary>
    private void CheckLibInjection(RequestZone zone, string name, string value)
    {
        if (!policy.Parses(zone)) return;
        if (libInjection.Sql)
        {
            if (LibInjectionText.IsSqli(name)) FireInternal(InternalRules.LibInjectionSql, zone, name, inName: true, value);
            if (LibInjectionText.IsSqli(value)) FireInternal(InternalRules.LibInjectionSql, zone, name, content: value);
        }
        if (libInjection.Xss)
        {
            if (LibInjectionText.IsXss(name)) FireInternal(InternalRules.LibInjectionXss, zone, name, inName: true, value);
            if (LibInjectionText.IsXss(value)) FireInternal(InternalRules.LibInjectionXss, zone, name, content: value);
        }
    }

    /// <summary>Raises an internal rule (1-21) at a place, unless a whitelist covers it there.</summary>
    public void FireInternal(int id, RequestZone zone, string name = "", bool inName = false, string content = "")
    {
        if (policy.IsWhitelisted(id, zone, name, inName, url)) return;
        if (id is InternalRules.LibInjectionSql or InternalRules.LibInjectionXss)
            AddScore(id == InternalRules.LibInjectionSql ? "$LIBINJECTION_SQL" : "$LIBINJECTION_XSS", 1);
        else
            Actions |= InternalRules.ActionOf(id);
        (_matches ??= []).Add(new WafMatch(zone, id, name, inName, content));
    }

    /// <summary>Raises 10 and 20 for what decoding a name or value found wrong.</summary>
    public void Report(PercentDecoder.Problems problems, RequestZone zone, string name)
    {
        if ((problems & PercentDecoder.Problems.BadHexOrNul) != 0) FireInternal(InternalRules.BadHexOrNul, zone, name);
        if ((problems & PercentDecoder.Problems.BadUtf8) != 0) FireInternal(InternalRules.BadUtf8, zone, name);
    }

    // naxsi logs the pair's value as the content, also of a match in the name.
    private void Fire(NaxsiRule rule, RequestZone zone, string name, bool inName, int count, string content)
    {
        if (policy.IsWhitelisted(rule.Id, zone, name, inName, url)) return;
        foreach (var score in rule.Scores)
        {
            if (score.Counter is null) Actions |= score.Action;
            else AddScore(score.Counter, score.Weight * count);
        }
        (_matches ??= []).Add(new WafMatch(zone, rule.Id, name, inName, content));
    }

    private void AddScore(string counter, int amount)
    {
        _scores ??= [];
        for (var i = 0; i < _scores.Count; i++)
        {
            if (string.Equals(_scores[i].Key, counter, StringComparison.OrdinalIgnoreCase))
            {
                _scores[i] = KeyValuePair.Create(_scores[i].Key, _scores[i].Value + amount);
                return;
            }
        }
        _scores.Add(KeyValuePair.Create(counter, amount));
    }

    /// <summary>Applies CheckRules, LearningMode and IgnoreIP/CIDR to what was collected.</summary>
    public WafResult Finish(bool clientIgnored)
    {
        var scores = (IReadOnlyList<KeyValuePair<string, int>>?)_scores ?? [];
        foreach (var check in policy.CheckRules)
        {
            foreach (var (counter, value) in scores)
                if (string.Equals(counter, check.Counter, StringComparison.OrdinalIgnoreCase) && check.Fires(value))
                    Actions |= check.Action;
        }
        if (Actions == WafAction.None && _matches is null) return WafResult.Clean with { Learning = learning };

        var verdict = WafVerdict.Pass;
        if ((Actions & WafAction.Drop) != 0) verdict = WafVerdict.Drop;
        else if ((Actions & WafAction.Block) != 0 && !learning) verdict = WafVerdict.Block;
        var ignored = clientIgnored && verdict != WafVerdict.Pass;
        if (ignored) verdict = WafVerdict.Pass;
        return new WafResult(verdict, Actions, scores, (IReadOnlyList<WafMatch>?)_matches ?? [], learning, ignored);
    }
}

/// <summary>Whether libinjection's SQLi and XSS detectors run on every pair (LibInjectionSql / LibInjectionXss).</summary>
internal readonly record struct LibInjectionSwitches(bool Sql, bool Xss)
{
    public bool Any => Sql || Xss;
}
