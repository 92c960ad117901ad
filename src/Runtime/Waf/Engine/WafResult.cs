using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;

namespace ProxyServer.Runtime.Waf.Engine;

public enum WafVerdict
{
    Pass,
    /// <summary>Denied by a BLOCK (never in LearningMode).</summary>
    Block,
    /// <summary>Denied by a DROP (even in LearningMode).</summary>
    Drop,
}

/// <summary>
/// One rule that fired at one place: <c>zoneN</c>, <c>idN</c>, <c>var_nameN</c> of the log line;
/// <see cref="Content"/> is the value of that place (NAXSI_EXLOG's <c>content=</c>).
/// </summary>
public sealed record WafMatch(RequestZone Zone, int RuleId, string VariableName, bool InName, string Content = "")
{
    public string ZoneLogName => InName ? Zone.LogName + "|NAME" : Zone.LogName;
}

/// <summary>The outcome of checking one request against one location's policy.</summary>
public sealed record WafResult(
    WafVerdict Verdict,
    WafAction Actions,
    IReadOnlyList<KeyValuePair<string, int>> Scores,
    IReadOnlyList<WafMatch> Matches,
    bool Learning,
    bool Ignored = false)
{
    public static readonly WafResult Clean = new(WafVerdict.Pass, WafAction.None, [], [], false);

    public bool Denied => Verdict != WafVerdict.Pass;

    /// <summary>naxsi writes its line when something asked to block, drop or log, whatever the verdict.</summary>
    public bool ShouldLog => (Actions & (WafAction.Block | WafAction.Drop | WafAction.Log)) != 0;

    /// <summary>
    /// <c>config=</c> of the log line, as naxsi's documentation lists it: <c>learning</c> (or
    /// <c>learning-drop</c> when a DROP still denied), <c>ignore</c> (IgnoreIP/IgnoreCIDR let a
    /// denial through), <c>drop</c>, <c>block</c>, and <c>allow</c> when only LOG asked for the line.
    /// </summary>
    public string Mode =>
        Learning ? ((Actions & WafAction.Drop) != 0 ? "learning-drop" : "learning")
        : Ignored ? "ignore"
        : (Actions & WafAction.Drop) != 0 ? "drop"
        : (Actions & WafAction.Block) != 0 ? "block"
        : "allow";

    public int Score(string counter)
    {
        foreach (var (name, value) in Scores)
            if (string.Equals(name, counter, StringComparison.OrdinalIgnoreCase)) return value;
        return 0;
    }
}
