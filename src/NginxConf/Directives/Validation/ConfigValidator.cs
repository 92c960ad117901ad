using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// Checks a parsed config against the directive table and nginx's cross-directive rules, reporting
/// everything it finds (worded as nginx words it) rather than stopping at the first error.
/// </summary>
public static class ConfigValidator
{
    /// <summary>Top-level directives that only make sense inside <c>http {}</c>: a file holding them is an http fragment.</summary>
    private static readonly HashSet<string> HttpLevel = new(StringComparer.Ordinal)
        { "server", "upstream", "map", "geo", "split_clients", "log_format", "limit_req_zone", "limit_conn_zone", "proxy_cache_path", "types" };

    /// <summary>Top-level directives that only make sense inside <c>server {}</c>.</summary>
    private static readonly HashSet<string> ServerLevel = new(StringComparer.Ordinal)
        { "location", "listen", "server_name" };

    public static IReadOnlyList<Diagnostic> Validate(ConfigTree tree, ValidationOptions? options = null, DirectiveTable? table = null)
    {
        options ??= new ValidationOptions();
        var context = options.TopContext != DirectiveContext.None ? options.TopContext : DetectContext(tree.Statements);
        var run = new ValidationRun(table ?? DirectiveTable.Default, options);
        CollectLoadedModules(tree, run.Facts);
        var top = new BlockScope(context, null, null);
        run.WalkBlock(tree.Root.Directives, top);
        InitPhase.Check(run, context, tree.Root.Path);
        if (options.Analyze)
            foreach (var warning in Analysis.ConfigAnalyzer.Analyze(tree, context))
                run.Report(warning);
        return run.Diagnostics;
    }

    /// <summary>
    /// The context a file's top level is read in: http when it holds server/upstream/map-like blocks
    /// (a <c>sites-available</c> file), server when it holds locations, otherwise main.
    /// </summary>
    public static DirectiveContext DetectContext(IEnumerable<ConfigDirective> topLevel)
    {
        var names = topLevel.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Contains("events") || names.Contains("http")) return DirectiveContext.Main;
        if (names.Overlaps(HttpLevel)) return DirectiveContext.Http;
        if (names.Overlaps(ServerLevel)) return DirectiveContext.Server;
        return DirectiveContext.Main;
    }

    public static bool TryParseContext(string text, out DirectiveContext context)
    {
        context = text.ToLowerInvariant() switch
        {
            "main" => DirectiveContext.Main,
            "events" => DirectiveContext.Events,
            "http" => DirectiveContext.Http,
            "server" => DirectiveContext.Server,
            "location" => DirectiveContext.Location,
            "upstream" => DirectiveContext.Upstream,
            _ => DirectiveContext.None,
        };
        return context != DirectiveContext.None;
    }

    /// <summary>nginx loads modules while parsing, before the directives that need them; a pre-pass is equivalent for <c>load_module</c> at the top.</summary>
    private static void CollectLoadedModules(ConfigTree tree, ConfigFacts facts)
    {
        foreach (var directive in tree.Statements.Where(d => d.Name == "load_module" && d.Args.Count == 1))
        {
            var file = Path.GetFileNameWithoutExtension(directive.Args[0].Value);
            facts.LoadedModules.Add(file);
        }
    }
}
