using ProxyServer.NginxConf.Diagnostics;

namespace ProxyServer.NginxConf.Syntax;

/// <summary>
/// The result of loading a config: the entry file, every file reached through <c>include</c>
/// (each once, in the order first reached) and every diagnostic the syntax pass found.
/// </summary>
public sealed record ConfigTree(ConfigFile Root, IReadOnlyList<ConfigFile> Files, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>The root's statements with every <c>include</c> replaced by what it included, as nginx sees them.</summary>
    public IEnumerable<ConfigDirective> Statements => Expand(Root.Directives);

    /// <summary>
    /// A block's statements with includes spliced in place, recursively (an included file may
    /// include again). Nested blocks are not expanded here: call this again on each child block.
    /// </summary>
    public static IEnumerable<ConfigDirective> Expand(IEnumerable<ConfigDirective> block)
    {
        foreach (var directive in block)
        {
            if (directive.Name == "include" && directive.Block is null)
            {
                foreach (var file in directive.Includes)
                    foreach (var inner in Expand(file.Directives))
                        yield return inner;
            }
            else
            {
                yield return directive;
            }
        }
    }
}
