using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>
/// naxsi (<c>ngx_http_naxsi_module</c>, github.com/wargio/naxsi), built in: no <c>load_module</c>
/// needed. Every directive exists under its CamelCase name and its snake_case alias. The
/// switches are documented for location only, but naxsi's code also takes them at http, server and
/// limit_except level (naxsi's NGX_HTTP_MAIN_CONF is the http block, not nginx's main context).
/// Rules are parsed here exactly as the runtime parses them (NginxConf/Naxsi).
/// </summary>
public sealed class NaxsiDirectives : IDirectiveModule
{
    /// <summary>A detection rule or whitelist for every location (http only).</summary>
    public static readonly DirectiveKey MainRule = new("MainRule");
    /// <summary>A detection rule or whitelist for this context and the ones inside it.</summary>
    public static readonly DirectiveKey BasicRule = new("BasicRule");
    /// <summary><c>"$NAME OP INT" ACTION</c>: what to do when a score reaches a threshold.</summary>
    public static readonly DirectiveKey CheckRule = new("CheckRule");
    public static readonly DirectiveKey SecRulesEnabled = new("SecRulesEnabled");
    public static readonly DirectiveKey SecRulesDisabled = new("SecRulesDisabled");
    /// <summary>BLOCK only logs; DROP still denies.</summary>
    public static readonly DirectiveKey LearningMode = new("LearningMode");
    public static readonly DirectiveKey LibInjectionSql = new("LibInjectionSql");
    public static readonly DirectiveKey LibInjectionXss = new("LibInjectionXss");
    /// <summary>The internal location a denied request is redirected to.</summary>
    public static readonly DirectiveKey DeniedUrl = new("DeniedUrl");
    /// <summary>Clients only logged, never denied.</summary>
    public static readonly DirectiveKey IgnoreIP = new("IgnoreIP");
    public static readonly DirectiveKey IgnoreCIDR = new("IgnoreCIDR");
    /// <summary>Where NAXSI_FMT lines go instead of the error log (arguments like <c>error_log</c>).</summary>
    public static readonly DirectiveKey NaxsiLogFile = new("NaxsiLogFile");

    /// <summary>Both spellings of every directive (CamelCase and naxsi's snake_case alias), to the directive's key.</summary>
    private static readonly Dictionary<string, DirectiveKey> BySpelling = new NaxsiDirectives().Directives
        .ToDictionary(s => s.Name, s => s.Key!, StringComparer.Ordinal);

    /// <summary>The naxsi directive <paramref name="name"/> is a spelling of, or null.</summary>
    public static DirectiveKey? KeyOf(string name) => BySpelling.GetValueOrDefault(name);

    public string Name => "ngx_http_naxsi_module";

    private const DirectiveContext Switch = HttpAny | LimitExcept;

    public IEnumerable<DirectiveSpec> Directives =>
    [
        .. Both(MainRule, "main_rule", Http, Arity.OneOrMore, check: NaxsiChecks.Rule),
        .. Both(BasicRule, "basic_rule", HttpAny, Arity.OneOrMore, check: NaxsiChecks.Rule),
        .. Both(CheckRule, "check_rule", HttpAny, Arity.Take2, check: NaxsiChecks.Check),
        .. Both(SecRulesEnabled, "rules_enabled", Switch, Arity.NoArgs, check: NaxsiChecks.Enabled),
        .. Both(SecRulesDisabled, "rules_disabled", Switch, Arity.NoArgs),
        .. Both(LearningMode, "learning_mode", Switch, Arity.NoArgs),
        .. Both(LibInjectionSql, "libinjection_sql", Switch, Arity.NoArgs),
        .. Both(LibInjectionXss, "libinjection_xss", Switch, Arity.NoArgs),
        .. Both(DeniedUrl, "denied_url", HttpAny, Arity.Take1),
        .. Both(IgnoreIP, "ignore_ip", Switch, Arity.Take1, check: NaxsiChecks.Client),
        .. Both(IgnoreCIDR, "ignore_cidr", Switch, Arity.Take1, check: NaxsiChecks.Client),
        .. Both(NaxsiLogFile, "naxsi_log", Switch, Arity.OneOrMore, check: LogChecks.ErrorLog), // nginx's ngx_log_set_log: error_log's arguments
    ];

    // naxsi's handlers are its own, not nginx's slot setters, so none of them is ever "duplicate".
    private static DirectiveSpec[] Both(DirectiveKey key, string alias, DirectiveContext contexts, Arity arity,
        DirectiveSupport support = Implemented, string? note = null, DirectiveCheck? check = null) =>
    [
        new(key.Name, contexts, arity, support) { Repeatable = true, Note = note, Check = check, Key = key },
        new(alias, contexts, arity, support) { Repeatable = true, Note = note, Check = check, Key = key },
    ];
}
