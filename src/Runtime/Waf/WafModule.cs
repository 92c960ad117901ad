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
/// SecRulesEnabled a check in the
/// location rewrite phase, before the location's own <c>set</c>/<c>rewrite</c>/<c>return</c>, as
/// naxsi's ngx_http_naxsi_init registers ngx_http_naxsi_access_handler there.
/// </summary>
public sealed class WafModule : IHttpModule
{
    public string Name => "ngx_http_naxsi_module";

    /// <summary>
    /// naxsi's variables. Those of the check are empty where naxsi did not check the request; they
    /// keep their values after the internal redirect to DeniedUrl, where <c>$naxsi_uri</c> is that
    /// location's URI, percent-encoded as in naxsi's logs (all as nginx+naxsi answers them). The totals are the current location's.
    /// </summary>
    public void RegisterVariables(Variables.VariableRegistry variables, CompileContext context)
    {
        variables.Register("naxsi_attack_family", r => Checked(r)?.Result.AttackFamily ?? "");
        variables.Register("naxsi_attack_action", r => Checked(r)?.Result.AttackAction ?? "");
        variables.Register("naxsi_score", r => Checked(r)?.Result.ScoreText ?? "");
        variables.Register("naxsi_match", r => Checked(r)?.Result.MatchText ?? "");
        variables.Register("naxsi_server", r => r.Host);
        // The URI as naxsi encodes it for its logs (NaxsiLogLine.EscapeUri): "/a%20b%3Bc".
        variables.Register("naxsi_uri", r => Checked(r) is null ? "" : Logging.NaxsiLogLine.EscapeUri(r.Uri));
        variables.Register("naxsi_learning", r => Checked(r) is { } check ? (check.Result.Learning ? "1" : "0") : "");
        variables.Register("naxsi_block", r => Checked(r) is { } check ? (check.Result.Blocked ? "1" : "0") : "");
        variables.Register("naxsi_request_id", r => Checked(r)?.RequestId ?? "");
        variables.Register("naxsi_total_processed", r => (r.Location.Features.Get<WafCounters>()?.Processed ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        variables.Register("naxsi_total_blocked", r => (r.Location.Features.Get<WafCounters>()?.Blocked ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static WafCheck? Checked(Http.NginxRequest request) => request.Features.Get<WafCheck>();


    public void CompileHttp(DirectiveScope http, CompileContext context)
    {
        // Most configs have no WAF: reading every server's and location's naxsi scope anyway was a
        // fifth of the start-up at 10,000 server blocks.
        if (!UsesNaxsi(http.Statements)) return;
        var diagnostics = new List<Diagnostic>();
        var config = NaxsiConfig.Compile(http.Statements, diagnostics, http.Reads);
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
        // ngx_http_naxsi_access_handler declines where SecRulesEnabled is not in effect, whatever
        // $naxsi_flag_enable says: the variable can switch naxsi off, not on (checked against nginx+naxsi).
        if (!policy.Enabled) return;
        var switches = new WafSwitchVariables(
            context.Variables.Resolve(WafSwitches.EnableVariable),
            context.Variables.Resolve(WafSwitches.LearningVariable),
            context.Variables.Resolve(WafSwitches.LibInjectionSqlVariable),
            context.Variables.Resolve(WafSwitches.LibInjectionXssVariable),
            context.Variables.Resolve(WafSwitches.ExtensiveLogVariable),
            context.Variables.Resolve(WafSwitches.JsonLogVariable));
        var counters = new WafCounters();
        location.Features.Set(counters);
        location.PreRewriteHandlers.Add(new WafAccessHandler(policy, switches, counters, context.Variables.Resolve("request_id"), NaxsiLogs.For(policy, context)));
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
                logs._logs[policy.LogDirectives] = log = ErrorLogTargets.Compile(policy.LogDirectives, context);
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
        ConfigTree.Expand(block).Any(d => NginxConf.Directives.Modules.NaxsiDirectives.KeyOf(d.Name) is not null || (d.Block is { } inner && UsesNaxsi(inner)));

    /// <summary>The policy of the nearest server or location block around <paramref name="scope"/> (an <c>if</c> inherits its location's).</summary>
    private static WafPolicy? PolicyOf(NaxsiConfig config, DirectiveScope scope)
    {
        for (var level = scope; level is not null; level = level.Parent)
            if (level.Owner is { } owner && config.TryGetPolicy(owner, out var policy)) return policy;
        return config.Http;
    }
}
