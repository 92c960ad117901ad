using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Waf.Config;
using ProxyServer.Runtime.Waf.Engine;

namespace ProxyServer.Runtime.Waf;

/// <summary>
/// naxsi in the request pipeline: reads the http block's naxsi directives once (MainRules apply
/// everywhere, wherever they are written), then gives every location whose merged policy has
/// SecRulesEnabled (or that may be switched on by <c>$naxsi_flag_enable</c>) an access-phase check.
/// </summary>
public sealed class WafModule : IHttpModule
{
    public string Name => "ngx_http_naxsi_module";

    private static readonly HashSet<string> NaxsiDirectives =
        [.. new NginxConf.Directives.Modules.NaxsiModule().Directives.Select(d => d.Name)];

    public void CompileHttp(DirectiveScope http, CompileContext context)
    {
        // Most configs have no WAF: reading every server's and location's naxsi scope anyway was a
        // fifth of the start-up at 10,000 server blocks.
        if (!UsesNaxsi(http.Statements)) return;
        var diagnostics = new List<Diagnostic>();
        var config = NaxsiConfig.Compile(http.Statements, diagnostics);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == Severity.Error) context.Error(diagnostic.Message, diagnostic.Position);
            else context.Warning(diagnostic.Message, diagnostic.Position);
        }
        context.Features.Set(config);
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        if (context.Features.Get<NaxsiConfig>() is not { } config) return;
        if (PolicyOf(config, location.Scope) is not { } policy) return;
        // $naxsi_flag_enable can switch naxsi on where the config leaves it off, so a location
        // with a DeniedUrl gets the check whenever the config sets that variable anywhere.
        var switches = new WafSwitchVariables(
            context.Variables.Resolve(WafSwitches.EnableVariable),
            context.Variables.Resolve(WafSwitches.LearningVariable),
            context.Variables.Resolve(WafSwitches.LibInjectionSqlVariable),
            context.Variables.Resolve(WafSwitches.LibInjectionXssVariable),
            context.Variables.Resolve(WafSwitches.ExtensiveLogVariable),
            context.Variables.Resolve(WafSwitches.JsonLogVariable));
        if (policy.Enabled || (switches.Enable is not null && policy.DeniedUrl is not null))
            location.AccessHandlers.Add(new WafAccessHandler(policy, switches, context.Variables.Resolve("request_id"), NaxsiLogs.For(policy, context)));
    }

    /// <summary>
    /// <c>NaxsiLogFile</c>: naxsi hands the arguments to nginx's <c>ngx_log_set_log</c>, so they read
    /// like <c>error_log</c>'s (file or stderr, optional level); one log per set of directives,
    /// shared by the locations that inherit it.
    /// </summary>
    private sealed class NaxsiLogs
    {
        private readonly Dictionary<IReadOnlyList<ConfigDirective>, ErrorLog> _logs = new(ReferenceEqualityComparer.Instance);

        public static ErrorLog? For(WafPolicy policy, CompileContext context)
        {
            if (policy.LogDirectives.Count == 0) return null;
            var logs = context.Features.Get<NaxsiLogs>() ?? Publish(context);
            if (!logs._logs.TryGetValue(policy.LogDirectives, out var log))
                logs._logs[policy.LogDirectives] = log = ErrorLogDirectives.Compile(policy.LogDirectives, context);
            return log;
        }

        private static NaxsiLogs Publish(CompileContext context)
        {
            var logs = new NaxsiLogs();
            context.Features.Set(logs);
            return logs;
        }
    }

    private static bool UsesNaxsi(IEnumerable<ConfigDirective> block) =>
        ConfigTree.Expand(block).Any(d => NaxsiDirectives.Contains(d.Name) || (d.Block is { } inner && UsesNaxsi(inner)));

    /// <summary>The policy of the nearest server or location block around <paramref name="scope"/> (an <c>if</c> inherits its location's).</summary>
    private static WafPolicy? PolicyOf(NaxsiConfig config, DirectiveScope scope)
    {
        for (var level = scope; level is not null; level = level.Parent)
            if (level.Owner is { } owner && config.TryGetPolicy(owner, out var policy)) return policy;
        return config.Http;
    }
}
