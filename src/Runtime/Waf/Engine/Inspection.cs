using ProxyServer.Runtime.Waf.Config;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;
using ProxyServer.Runtime.Waf.LibInjection;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// The state of checking one request: scores, fired rules and actions. Zone readers feed it
/// name/value pairs; it tries libinjection (when switched on) and the policy's rules on them, in the
/// order they were written, and skips whitelisted matches. As naxsi, the CheckRules are evaluated
/// after every match, on the scores so far (so <c>"$FOO &lt;= 8"</c> can fire on a first match that
/// a second one would take past it), and once a match makes the request dropped, or blocked outside
/// LearningMode, nothing more is checked: what the log names is what was seen up to there (checked
/// against nginx 1.22.1 with naxsi).
/// </summary>
internal sealed class Inspection(WafPolicy policy, string url, bool learning, LibInjectionSwitches libInjection = default)
{
    /// <summary>What a libinjection detection (internal rules 17 and 18) adds to its counter.</summary>
    public const int LibInjectionScore = 8;

    private List<KeyValuePair<string, int>>? _scores;
    private List<WafMatch>? _matches;

    public WafPolicy Policy => policy;
    public string Url => url;
    public WafAction Actions { get; private set; }
    /// <summary>An internal rule (1-21) fired: naxsi's <c>$INTERNAL</c> in <c>$naxsi_score</c>.</summary>
    public bool InternalFired { get; private set; }

    /// <summary>A match dropped the request, or blocked it outside LearningMode: checking stops there.</summary>
    public bool Stopped => (Actions & WafAction.Drop) != 0 || ((Actions & WafAction.Block) != 0 && !learning);

    /// <summary>Tries every rule that can see <paramref name="zone"/> on one pair (the URL has no name).</summary>
    public void CheckPair(RequestZone zone, string name, string value)
    {
        if (Stopped) return;
        if (libInjection.Any)
        {
            CheckLibInjection(zone, name, value);
            if (Stopped) return;
        }
        var group = policy.RulesFor(zone).For(name);
        if (!group.IsEmpty) CheckGroup(group, zone, name, value);
    }

    private void CheckGroup(RuleGroup group, RequestZone zone, string name, string value)
    {
        var hasName = name.Length > 0;
        // The prefilters say which kinds of rule can match the value and the name; a benign pair
        // fails them all and no rule is tried.
        bool literalInValue = group.MayMatchLiteral(value), literalInName = hasName && group.MayMatchLiteral(name);
        bool patternInValue = group.MayMatchPattern(value), patternInName = hasName && group.MayMatchPattern(name);
        if (!(literalInValue || literalInName || patternInValue || patternInName) && !group.HasOthers) return;

        var rules = group.Rules;
        var kinds = group.Kinds;
        for (var i = 0; i < rules.Length; i++)
        {
            bool tryValue, tryName;
            switch (kinds[i])
            {
                case RuleKind.Literal: tryValue = literalInValue; tryName = literalInName; break;
                case RuleKind.Pattern: tryValue = patternInValue; tryName = patternInName; break;
                default: tryValue = true; tryName = hasName; break;
            }
            if (!tryValue && !tryName) continue;
            TryRule(rules[i], zone, name, value, tryValue, tryName);
            if (Stopped) return;
        }
    }

    private void TryRule(NaxsiRule rule, RequestZone zone, string name, string value, bool tryValue, bool tryName)
    {
        var mz = rule.Zone;
        if (!mz.Targets(zone, name)) return;
        if (mz.Url is not null && !mz.Url.Matches(url)) return;
        if (!mz.NameOnly && tryValue)
        {
            var count = rule.Matcher.CountIn(value);
            if (rule.Negative) count = count == 0 ? 1 : 0;
            if (count > 0)
            {
                Fire(rule, zone, name, inName: false, count, value);
                if (Stopped) return;
            }
        }
        // A negative rule speaks about values only; a name is tried unless there is none.
        if (!rule.Negative && tryName && name.Length > 0)
        {
            var count = rule.Matcher.CountIn(name);
            if (count > 0) Fire(rule, zone, name, inName: true, count, value);
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
            if (!Stopped && LibInjectionText.IsSqli(value)) FireInternal(InternalRules.LibInjectionSql, zone, name, content: value);
        }
        if (libInjection.Xss && !Stopped)
        {
            if (LibInjectionText.IsXss(name)) FireInternal(InternalRules.LibInjectionXss, zone, name, inName: true, value);
            if (!Stopped && LibInjectionText.IsXss(value)) FireInternal(InternalRules.LibInjectionXss, zone, name, content: value);
        }
    }

    /// <summary>
    /// Raises an internal rule (1-21) at a place, unless a whitelist covers it there. Each sets its
    /// action directly; libinjection's (17, 18) also add <see cref="LibInjectionScore"/> to
    /// <c>$LIBINJECTION_SQL</c> / <c>$LIBINJECTION_XSS</c> (naxsi logs <c>score0=8</c> for one hit).
    /// <paramref name="action"/> overrides the rule's own where naxsi raises it harder (a multipart
    /// file part without a Content-Type is 13 with BLOCK and DROP).
    /// </summary>
    public void FireInternal(int id, RequestZone zone, string name = "", bool inName = false, string content = "", WafAction action = WafAction.None)
    {
        if (policy.IsWhitelisted(id, zone, name, inName, url)) return;
        InternalFired = true;
        Actions |= action == WafAction.None ? InternalRules.ActionOf(id) : action;
        (_matches ??= []).Add(new WafMatch(zone, id, name, inName, content));
        if (id is InternalRules.LibInjectionSql or InternalRules.LibInjectionXss)
        {
            AddScore(id == InternalRules.LibInjectionSql ? "$LIBINJECTION_SQL" : "$LIBINJECTION_XSS", LibInjectionScore);
            ApplyCheckRules();
        }
    }

    /// <summary>
    /// Raises 10 and 20 for what decoding a name or value found wrong. naxsi names the variable of a
    /// bad hex escape or NUL byte (the name as decoded), not that of invalid UTF-8.
    /// </summary>
    public void Report(PercentDecoder.Problems problems, RequestZone zone, string name, bool inName = false)
    {
        if ((problems & PercentDecoder.Problems.BadHexOrNul) != 0) FireInternal(InternalRules.BadHexOrNul, zone, name, inName);
        if ((problems & PercentDecoder.Problems.BadUtf8) != 0) FireInternal(InternalRules.BadUtf8, zone, "", inName);
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
        ApplyCheckRules();
    }

    /// <summary>Every CheckRule, in order, against the scores so far: an action once taken stays.</summary>
    private void ApplyCheckRules()
    {
        if (_scores is null) return;
        foreach (var check in policy.CheckRules)
        {
            foreach (var (counter, value) in _scores)
                if (string.Equals(counter, check.Counter, StringComparison.OrdinalIgnoreCase) && check.Fires(value))
                    Actions |= check.Action;
        }
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

    /// <summary>
    /// Applies LearningMode and IgnoreIP/CIDR to what was collected: an ignored client's BLOCK and
    /// DROP are cleared (naxsi then writes its line only when a rule asked to LOG).
    /// </summary>
    public WafResult Finish(bool clientIgnored)
    {
        if (Actions == WafAction.None && _matches is null && !clientIgnored) return learning ? WafResult.CleanLearning : WafResult.Clean;
        var actions = clientIgnored ? Actions & ~(WafAction.Block | WafAction.Drop) : Actions;
        var verdict = WafVerdict.Pass;
        if ((actions & WafAction.Drop) != 0) verdict = WafVerdict.Drop;
        else if ((actions & WafAction.Block) != 0 && !learning) verdict = WafVerdict.Block;
        return new WafResult(verdict, actions, (IReadOnlyList<KeyValuePair<string, int>>?)_scores ?? [], (IReadOnlyList<WafMatch>?)_matches ?? [],
            learning, clientIgnored, InternalFired);
    }
}

/// <summary>Whether libinjection's SQLi and XSS detectors run on every pair (LibInjectionSql / LibInjectionXss).</summary>
internal readonly record struct LibInjectionSwitches(bool Sql, bool Xss)
{
    public bool Any => Sql || Xss;
}
