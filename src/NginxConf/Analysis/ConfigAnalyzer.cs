using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Analysis;

/// <summary>
/// Warnings nginx does not give but that real configs deserve (in the spirit of gixy): each rule is
/// a small class looking at one block at a time, knowing the blocks around it.
/// </summary>
public static class ConfigAnalyzer
{
    private static readonly IAnalysisRule[] Rules = [new OpenProxyRule(), new UnreachableLocationRule()];

    public static IEnumerable<Diagnostic> Analyze(ConfigTree tree, DirectiveContext topContext)
    {
        var results = new List<Diagnostic>();
        var top = ConfigTree.Expand(tree.Root.Directives).ToList();
        var defaults = topContext == DirectiveContext.Http ? DefaultServers(top) : new HashSet<ConfigDirective>();
        Walk(top, new AnalysisScope(topContext, [], defaults), results, 0);
        return results;
    }

    private static void Walk(IReadOnlyList<ConfigDirective> block, AnalysisScope scope, List<Diagnostic> results, int depth)
    {
        if (depth > 100) return;
        foreach (var rule in Rules)
            results.AddRange(rule.Check(block, scope));
        foreach (var directive in block)
        {
            if (directive.Block is null) continue;
            var inner = directive.Name switch
            {
                "http" when scope.Context == DirectiveContext.Main => DirectiveContext.Http,
                "server" when scope.Context == DirectiveContext.Http => DirectiveContext.Server,
                "location" => DirectiveContext.Location,
                "if" => scope.Context == DirectiveContext.Server ? DirectiveContext.IfInServer : DirectiveContext.IfInLocation,
                _ => DirectiveContext.None,
            };
            if (inner == DirectiveContext.None) continue;
            var body = ConfigTree.Expand(directive.Block).ToList();
            var defaults = inner == DirectiveContext.Http ? DefaultServers(body) : scope.DefaultServers;
            Walk(body, new AnalysisScope(inner, [.. scope.Ancestors, directive], defaults), results, depth + 1);
        }
    }

    /// <summary>
    /// The servers that get requests whatever their Host says: per listen socket, the one marked
    /// <c>default_server</c>, else the first (nginx's rule). A server without listen is on *:80.
    /// </summary>
    private static HashSet<ConfigDirective> DefaultServers(IReadOnlyList<ConfigDirective> httpBody)
    {
        var first = new Dictionary<string, ConfigDirective>(StringComparer.OrdinalIgnoreCase);
        var marked = new Dictionary<string, ConfigDirective>(StringComparer.OrdinalIgnoreCase);
        foreach (var server in httpBody.Where(d => d.Name == "server" && d.Block is not null))
        {
            var listens = ConfigTree.Expand(server.Block!).Where(d => d.Name == "listen")
                .Select(d => ListenParameters.Parse([.. d.Args.Select(a => a.Value)]).Value)
                .OfType<ListenParameters>().ToList();
            if (listens.Count == 0) first.TryAdd("0.0.0.0:80", server);
            foreach (var listen in listens)
                foreach (var key in listen.SocketKeys)
                {
                    first.TryAdd(key, server);
                    if (listen.DefaultServer) marked.TryAdd(key, server);
                }
        }
        foreach (var (socket, server) in marked) first[socket] = server;
        return [.. first.Values];
    }
}

/// <summary>Where a block stands: its context, the block directives enclosing it, and the http level's default servers.</summary>
public sealed record AnalysisScope(DirectiveContext Context, IReadOnlyList<ConfigDirective> Ancestors, IReadOnlySet<ConfigDirective> DefaultServers)
{
    public ConfigDirective? Server => Ancestors.LastOrDefault(a => a.Name == "server");
}

/// <summary>One analysis rule: looks at the statements of one block (includes already spliced in).</summary>
public interface IAnalysisRule
{
    IEnumerable<Diagnostic> Check(IReadOnlyList<ConfigDirective> block, AnalysisScope scope);
}
