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

/// <summary>
/// The outcome of checking one request against one location's policy. <see cref="Actions"/> are
/// what the rules and CheckRules asked for, with BLOCK and DROP cleared for an ignored client
/// (IgnoreIP/IgnoreCIDR), as naxsi clears them.
/// </summary>
public sealed record WafResult(
    WafVerdict Verdict,
    WafAction Actions,
    IReadOnlyList<KeyValuePair<string, int>> Scores,
    IReadOnlyList<WafMatch> Matches,
    bool Learning,
    bool Ignored = false,
    bool InternalFired = false)
{
    public static readonly WafResult Clean = new(WafVerdict.Pass, WafAction.None, [], [], false);
    public static readonly WafResult CleanLearning = Clean with { Learning = true };

    public bool Denied => Verdict != WafVerdict.Pass;

    /// <summary>naxsi writes its line when something asked to block, drop or log, whatever the verdict.</summary>
    public bool ShouldLog => (Actions & (WafAction.Block | WafAction.Drop | WafAction.Log)) != 0;

    /// <summary>naxsi's block flag (<c>$naxsi_block</c>): a BLOCK was asked for, in LearningMode too; a DROP alone does not set it.</summary>
    public bool Blocked => (Actions & WafAction.Block) != 0;

    /// <summary>
    /// <c>config=</c> of the log line, as nginx+naxsi writes it: <c>learning</c> (or
    /// <c>learning-drop</c> when a DROP still denied), <c>ignore</c> (an IgnoreIP/IgnoreCIDR client),
    /// <c>drop</c>, <c>block</c>, and nothing when only LOG asked for the line.
    /// </summary>
    public string Mode =>
        Learning ? ((Actions & WafAction.Drop) != 0 ? "learning-drop" : "learning")
        : Ignored ? "ignore"
        : (Actions & WafAction.Drop) != 0 ? "drop"
        : (Actions & WafAction.Block) != 0 ? "block"
        : "";

    /// <summary><c>$naxsi_attack_action</c>: <c>$BLOCK</c>, <c>$PASS</c>, <c>$LEARNING-BLOCK</c> or <c>$LEARNING-PASS</c>.</summary>
    public string AttackAction => (Learning, Blocked) switch
    {
        (true, true) => "$LEARNING-BLOCK",
        (true, false) => "$LEARNING-PASS",
        (false, true) => "$BLOCK",
        _ => "$PASS",
    };

    /// <summary><c>$naxsi_attack_family</c>: <c>$INTERNAL</c> when an internal rule fired, then every counter, comma-separated.</summary>
    public string AttackFamily => Join(withScores: false);

    /// <summary><c>$naxsi_score</c>: as <see cref="AttackFamily"/>, each counter with its score (<c>$SQL:8</c>).</summary>
    public string ScoreText => Join(withScores: true);

    /// <summary><c>$naxsi_match</c>: <c>id:ZONE:name</c> per match, comma-separated, <c>-</c> for no name.</summary>
    public string MatchText
    {
        get
        {
            var text = new System.Text.StringBuilder();
            foreach (var match in Matches)
            {
                if (text.Length > 0) text.Append(',');
                text.Append(match.RuleId).Append(':').Append(match.ZoneLogName).Append(':')
                    .Append(match.VariableName.Length == 0 ? "-" : match.VariableName);
            }
            return text.ToString();
        }
    }

    private string Join(bool withScores)
    {
        var text = new System.Text.StringBuilder(InternalFired ? "$INTERNAL" : "");
        foreach (var (counter, value) in Scores)
        {
            if (text.Length > 0) text.Append(',');
            text.Append(counter);
            if (withScores) text.Append(':').Append(value);
        }
        return text.ToString();
    }

    public int Score(string counter)
    {
        foreach (var (name, value) in Scores)
            if (string.Equals(name, counter, StringComparison.OrdinalIgnoreCase)) return value;
        return 0;
    }
}
