using ProxyServer.NginxConf.Diagnostics;

namespace ProxyServer.NginxConf.Syntax;

/// <summary>
/// Blocks whose body nginx reads as a list of values through a custom handler (<c>cf->handler</c>)
/// rather than as directives: <c>types</c>, <c>map</c>, <c>geo</c>, <c>split_clients</c>, <c>charset_map</c>.
/// nginx's parser itself rejects a <c>{</c> inside them with <c>unexpected "{"</c>, so this is a syntax error.
/// </summary>
internal static class ValueListBlocks
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal) { "types", "map", "geo", "split_clients", "charset_map" };

    public static IEnumerable<Diagnostic> NestedBlockErrors(IEnumerable<ConfigDirective> block)
    {
        foreach (var directive in block)
        {
            if (directive.Block is null)
                continue;
            if (Names.Contains(directive.Name))
            {
                foreach (var entry in directive.Block.Where(entry => entry.Block is not null))
                    yield return Diagnostic.Error("unexpected \"{\"", entry.TerminatorPosition);
            }
            else
            {
                foreach (var error in NestedBlockErrors(directive.Block))
                    yield return error;
            }
        }
    }
}
