using System.Net;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Waf.Config;

/// <summary>
/// naxsi's settings written in one context (http, server or location). Unset lists and switches
/// are inherited from the enclosing context as a whole, the way nginx merges a module's location
/// configuration; a context that writes its own BasicRules, whitelists or CheckRules replaces the
/// outer ones.
/// </summary>
internal sealed class NaxsiScope
{
    public List<NaxsiRule>? Rules;
    public List<NaxsiWhitelist>? Whitelists;
    public List<CheckRule>? CheckRules;
    public List<IPNetwork>? IgnoredClients;
    public bool? Enabled;
    public bool? Learning;
    public bool? LibInjectionSql;
    public bool? LibInjectionXss;
    public string? DeniedUrl;
    /// <summary>The <c>NaxsiLogFile</c> directives of this context (several add destinations, as <c>error_log</c>).</summary>
    public List<ConfigDirective>? LogDirectives;

    /// <summary>Reads one naxsi directive of this context; false when <paramref name="directive"/> is not naxsi's.</summary>
    public bool Read(ConfigDirective directive, NaxsiGlobals globals, bool isHttp, ICollection<Diagnostic> diagnostics, DirectiveReads reads)
    {
        if (NaxsiDirectives.KeyOf(directive.Name) is not { } key) return false;
        reads.Note(key);
        if (key == NaxsiDirectives.MainRule)
        {
            if (!isHttp)
                diagnostics.Add(Diagnostic.Error($"\"{directive.Name}\" directive is not allowed here", directive.Position));
            else
                Add(RuleParser.Parse(directive.Name, directive.Args, directive.Position, diagnostics), globals.Rules, globals.Whitelists);
        }
        else if (key == NaxsiDirectives.BasicRule)
            Add(RuleParser.Parse(directive.Name, directive.Args, directive.Position, diagnostics), Rules ??= [], Whitelists ??= []);
        else if (key == NaxsiDirectives.CheckRule)
        {
            if (CheckRule.Parse(directive.Args, directive.Position, diagnostics) is { } check) (CheckRules ??= []).Add(check);
        }
        else if (key == NaxsiDirectives.SecRulesEnabled) Enabled = true;
        else if (key == NaxsiDirectives.SecRulesDisabled) Enabled = false;
        else if (key == NaxsiDirectives.LearningMode) Learning = true;
        else if (key == NaxsiDirectives.LibInjectionSql) LibInjectionSql = true;
        else if (key == NaxsiDirectives.LibInjectionXss) LibInjectionXss = true;
        else if (key == NaxsiDirectives.DeniedUrl)
        {
            if (ExactlyOne(directive, diagnostics)) DeniedUrl = directive.Args[0].Value;
        }
        else if (key == NaxsiDirectives.IgnoreIP || key == NaxsiDirectives.IgnoreCIDR)
        {
            if (ExactlyOne(directive, diagnostics)
                && IgnoredClientParser.Parse(directive.Name, key == NaxsiDirectives.IgnoreCIDR, directive.Args[0], diagnostics) is { } network)
                (IgnoredClients ??= []).Add(network);
        }
        else if (key == NaxsiDirectives.NaxsiLogFile)
        {
            if (directive.Args.Count == 0)
                diagnostics.Add(Diagnostic.Error($"invalid number of arguments in \"{directive.Name}\" directive", directive.Position));
            else
                (LogDirectives ??= []).Add(directive);
        }
        return true;
    }

    /// <summary>This scope with everything it leaves unset taken from <paramref name="outer"/>.</summary>
    public NaxsiScope InheritFrom(NaxsiScope outer) => new()
    {
        Rules = Rules ?? outer.Rules,
        Whitelists = Whitelists ?? outer.Whitelists,
        CheckRules = CheckRules ?? outer.CheckRules,
        IgnoredClients = IgnoredClients ?? outer.IgnoredClients,
        Enabled = Enabled ?? outer.Enabled,
        Learning = Learning ?? outer.Learning,
        LibInjectionSql = LibInjectionSql ?? outer.LibInjectionSql,
        LibInjectionXss = LibInjectionXss ?? outer.LibInjectionXss,
        DeniedUrl = DeniedUrl ?? outer.DeniedUrl,
        LogDirectives = LogDirectives ?? outer.LogDirectives,
    };

    public WafPolicy ToPolicy(NaxsiGlobals globals) => new(
        enabled: Enabled ?? false,
        learning: Learning ?? false,
        deniedUrl: DeniedUrl,
        rules: [.. globals.Rules, .. Rules ?? []],
        whitelists: [.. globals.Whitelists, .. Whitelists ?? []],
        checkRules: CheckRules ?? [],
        ignoredClients: IgnoredClients,
        libInjectionSql: LibInjectionSql ?? false,
        libInjectionXss: LibInjectionXss ?? false,
        logDirectives: LogDirectives);

    private static void Add(object? parsed, List<NaxsiRule> rules, List<NaxsiWhitelist> whitelists)
    {
        if (parsed is NaxsiRule rule) rules.Add(rule);
        else if (parsed is NaxsiWhitelist whitelist) whitelists.Add(whitelist);
    }

    private static bool ExactlyOne(ConfigDirective directive, ICollection<Diagnostic> diagnostics)
    {
        if (directive.Args.Count == 1) return true;
        diagnostics.Add(Diagnostic.Error($"invalid number of arguments in \"{directive.Name}\" directive", directive.Position));
        return false;
    }
}

/// <summary>The MainRules (rules and whitelists) of the http block: they apply to every location.</summary>
internal sealed class NaxsiGlobals
{
    public readonly List<NaxsiRule> Rules = [];
    public readonly List<NaxsiWhitelist> Whitelists = [];
}
