namespace ProxyServer.NginxConf.Naxsi;

/// <summary>naxsi's directive names, each with the snake_case alias naxsi accepts for it.</summary>
public static class NaxsiDirectives
{
    /// <summary>A detection rule or whitelist for every location (http only).</summary>
    public const string MainRule = "MainRule";
    /// <summary>A detection rule or whitelist for this context and the ones inside it.</summary>
    public const string BasicRule = "BasicRule";
    /// <summary><c>"$NAME OP INT" ACTION</c>: what to do when a score reaches a threshold.</summary>
    public const string CheckRule = "CheckRule";
    public const string SecRulesEnabled = "SecRulesEnabled";
    public const string SecRulesDisabled = "SecRulesDisabled";
    /// <summary>BLOCK only logs; DROP still denies.</summary>
    public const string LearningMode = "LearningMode";
    public const string LibInjectionSql = "LibInjectionSql";
    public const string LibInjectionXss = "LibInjectionXss";
    /// <summary>The internal location a denied request is redirected to.</summary>
    public const string DeniedUrl = "DeniedUrl";
    /// <summary>Clients only logged, never denied.</summary>
    public const string IgnoreIP = "IgnoreIP";
    public const string IgnoreCIDR = "IgnoreCIDR";
    /// <summary>Where NAXSI_FMT lines go instead of the error log (arguments like <c>error_log</c>).</summary>
    public const string NaxsiLogFile = "NaxsiLogFile";

    /// <summary>Both spellings of every directive, mapped to the canonical name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Canonical = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MainRule] = MainRule, ["main_rule"] = MainRule,
        [BasicRule] = BasicRule, ["basic_rule"] = BasicRule,
        [CheckRule] = CheckRule, ["check_rule"] = CheckRule,
        [SecRulesEnabled] = SecRulesEnabled, ["rules_enabled"] = SecRulesEnabled,
        [SecRulesDisabled] = SecRulesDisabled, ["rules_disabled"] = SecRulesDisabled,
        [LearningMode] = LearningMode, ["learning_mode"] = LearningMode,
        [LibInjectionSql] = LibInjectionSql, ["libinjection_sql"] = LibInjectionSql,
        [LibInjectionXss] = LibInjectionXss, ["libinjection_xss"] = LibInjectionXss,
        [DeniedUrl] = DeniedUrl, ["denied_url"] = DeniedUrl,
        [IgnoreIP] = IgnoreIP, ["ignore_ip"] = IgnoreIP,
        [IgnoreCIDR] = IgnoreCIDR, ["ignore_cidr"] = IgnoreCIDR,
        [NaxsiLogFile] = NaxsiLogFile, ["naxsi_log"] = NaxsiLogFile,
    };

    public static string? CanonicalName(string name) => Canonical.GetValueOrDefault(name);
}
