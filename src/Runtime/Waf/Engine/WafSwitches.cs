namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// naxsi's runtime switches for one request, from the variables <c>$naxsi_flag_enable</c>,
/// <c>$naxsi_flag_learning</c>, <c>$naxsi_flag_libinjection_sql</c>, <c>$naxsi_flag_libinjection_xss</c>
/// <c>$naxsi_extensive_log</c> and <c>$naxsi_json_log</c>
/// (set with <c>set</c>, <c>map</c>...); null leaves the location's setting.
/// </summary>
public readonly record struct WafSwitches(
    bool? Enabled = null, bool? Learning = null, bool? LibInjectionSql = null, bool? LibInjectionXss = null, bool? ExtensiveLog = null,
    bool? JsonLog = null)
{
    /// <summary>On: naxsi's log lines as JSON objects.</summary>
    public const string JsonLogVariable = "naxsi_json_log";
    /// <summary>On: a NAXSI_EXLOG line per match, with the content that matched.</summary>
    public const string ExtensiveLogVariable = "naxsi_extensive_log";
    public const string EnableVariable = "naxsi_flag_enable";
    public const string LearningVariable = "naxsi_flag_learning";
    public const string LibInjectionSqlVariable = "naxsi_flag_libinjection_sql";
    public const string LibInjectionXssVariable = "naxsi_flag_libinjection_xss";

    /// <summary>naxsi reads the variable as a number: "0" is off, any other number on; anything else leaves the setting.</summary>
    public static bool? Parse(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number != 0
            : null;
}
