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
public sealed class NaxsiModule : IDirectiveModule
{
    public string Name => "ngx_http_naxsi_module";

    private const DirectiveContext Switch = HttpAny | LimitExcept;

    public IEnumerable<DirectiveSpec> Directives =>
    [
        .. Both("MainRule", "main_rule", Http, Arity.OneOrMore, check: NaxsiChecks.Rule),
        .. Both("BasicRule", "basic_rule", HttpAny, Arity.OneOrMore, check: NaxsiChecks.Rule),
        .. Both("CheckRule", "check_rule", HttpAny, Arity.Take2, check: NaxsiChecks.Check),
        .. Both("SecRulesEnabled", "rules_enabled", Switch, Arity.NoArgs, check: NaxsiChecks.Enabled),
        .. Both("SecRulesDisabled", "rules_disabled", Switch, Arity.NoArgs),
        .. Both("LearningMode", "learning_mode", Switch, Arity.NoArgs),
        .. Both("LibInjectionSql", "libinjection_sql", Switch, Arity.NoArgs),
        .. Both("LibInjectionXss", "libinjection_xss", Switch, Arity.NoArgs),
        .. Both("DeniedUrl", "denied_url", HttpAny, Arity.Take1),
        .. Both("IgnoreIP", "ignore_ip", Switch, Arity.Take1, check: NaxsiChecks.Client),
        .. Both("IgnoreCIDR", "ignore_cidr", Switch, Arity.Take1, check: NaxsiChecks.Client),
        .. Both("NaxsiLogFile", "naxsi_log", Switch, Arity.OneOrMore, check: LogChecks.ErrorLog), // nginx's ngx_log_set_log: error_log's arguments
    ];

    // naxsi's handlers are its own, not nginx's slot setters, so none of them is ever "duplicate".
    private static DirectiveSpec[] Both(string name, string alias, DirectiveContext contexts, Arity arity,
        DirectiveSupport support = Implemented, string? note = null, DirectiveCheck? check = null) =>
    [
        new(name, contexts, arity, support) { Repeatable = true, Note = note, Check = check },
        new(alias, contexts, arity, support) { Repeatable = true, Note = note, Check = check },
    ];
}
