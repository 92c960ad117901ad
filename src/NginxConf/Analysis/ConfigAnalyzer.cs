using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Analysis;

/// <summary>
/// Warnings nginx does not give but that real configs deserve (in the spirit of gixy): each rule is
/// a small class looking at one server or location at a time.
/// </summary>
public static class ConfigAnalyzer
{
    private static readonly IAnalysisRule[] Rules = [new OpenProxyRule(), new UnreachableLocationRule()];

    public static IEnumerable<Diagnostic> Analyze(ConfigTree tree, DirectiveContext topContext)
    {
        var results = new List<Diagnostic>();
        Walk(ConfigTree.Expand(tree.Root.Directives).ToList(), topContext, results, 0);
        return results;
    }

    private static void Walk(IReadOnlyList<ConfigDirective> block, DirectiveContext context, List<Diagnostic> results, int depth)
    {
        if (depth > 100) return;
        foreach (var rule in Rules)
            results.AddRange(rule.Check(block, context));
        foreach (var directive in block)
        {
            if (directive.Block is null) continue;
            var inner = directive.Name switch
            {
                "http" => DirectiveContext.Http,
                "server" when context == DirectiveContext.Http => DirectiveContext.Server,
                "location" => DirectiveContext.Location,
                "if" => context == DirectiveContext.Server ? DirectiveContext.IfInServer : DirectiveContext.IfInLocation,
                _ => DirectiveContext.None,
            };
            if (inner != DirectiveContext.None)
                Walk(ConfigTree.Expand(directive.Block).ToList(), inner, results, depth + 1);
        }
    }
}

/// <summary>One analysis rule: looks at the statements of one block (includes already spliced in).</summary>
public interface IAnalysisRule
{
    IEnumerable<Diagnostic> Check(IReadOnlyList<ConfigDirective> block, DirectiveContext context);
}
