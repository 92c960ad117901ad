using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// naxsi's load-time refusals, so <c>check</c> reports them as nginx+naxsi would refuse to start:
/// bad rule items, regexes and match zones, bad CheckRules and addresses, and a location that
/// enables naxsi without a DeniedUrl anywhere around it.
/// </summary>
public static class NaxsiChecks
{
    public static void Rule(DirectiveUse use) =>
        Report(use, diagnostics => RuleParser.Parse(use.Name, use.Args, use.Directive.Position, diagnostics));

    public static void Check(DirectiveUse use) =>
        Report(use, diagnostics => CheckRule.Parse(use.Args, use.Directive.Position, diagnostics));

    public static void Client(DirectiveUse use) =>
        Report(use, diagnostics => IgnoredClientParser.Parse(use.Name, NaxsiDirectives.KeyOf(use.Name) == NaxsiDirectives.IgnoreCIDR, use.Args[0], diagnostics));

    /// <summary>naxsi aborts the load when a context enables it and neither it nor an outer one names a DeniedUrl.</summary>
    public static void Enabled(DirectiveUse use)
    {
        for (var scope = use.Scope; scope?.Owner is { Block: { } block }; scope = scope.Parent)
            if (ConfigTree.Expand(block).Any(d => NaxsiDirectives.KeyOf(d.Name) == NaxsiDirectives.DeniedUrl)) return;
        use.Error("Missing DeniedURL, abort.");
    }

    private static void Report(DirectiveUse use, Action<List<Diagnostic>> parse)
    {
        var diagnostics = new List<Diagnostic>();
        parse(diagnostics);
        foreach (var diagnostic in diagnostics)
        {
            var at = use.Args.FirstOrDefault(a => a.Position == diagnostic.Position);
            if (diagnostic.Severity == Severity.Error) use.Error(diagnostic.Message, at);
            else use.Warning(diagnostic.Message, at);
        }
    }
}
