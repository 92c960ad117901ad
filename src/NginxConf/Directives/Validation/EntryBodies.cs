using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// Bodies that hold entries, not directives (<c>map</c>, <c>geo</c>, <c>types</c>, <c>split_clients</c>,
/// <c>charset_map</c>): nginx reads them with the block's own handler, which still checks their shape.
/// An entry is parsed like a statement: its first word is <see cref="ConfigDirective.Name"/>.
/// </summary>
internal static class EntryBodies
{
    public static void Check(string blockName, ConfigDirective block, ValidationRun run) =>
        CheckEntries(blockName, block.Block ?? [], run, depth: 0);

    private static void CheckEntries(string blockName, IEnumerable<ConfigDirective> entries, ValidationRun run, int depth)
    {
        if (depth > 50) return;
        foreach (var entry in entries)
        {
            if (entry.Block is not null) continue; // the parser already reports nginx's unexpected "{"
            var count = entry.Args.Count + 1;
            // split_clients has no include: nginx reads "include" as a percent there.
            if (entry.Name == "include" && count == 2 && blockName != "split_clients")
            {
                foreach (var file in entry.Includes) CheckEntries(blockName, file.Directives, run, depth + 1);
                continue;
            }
            var error = blockName switch
            {
                "map" => MapEntry(entry, count),
                "geo" => count == 2 || (count == 1 && entry.Name is "ranges" or "proxy_recursive") ? null : "invalid number of the geo parameters",
                "split_clients" => SplitClientsEntry(entry),
                "charset_map" => count == 2 ? null : "invalid number of arguments in \"charset_map\" directive",
                _ => null, // types: "type ext..." with any number of extensions
            };
            if (error is not null) run.Report(Diagnostic.Error(error, entry.Position));
        }
    }

    private static string? MapEntry(ConfigDirective entry, int count)
    {
        if (count == 1 && entry.Name is "hostnames" or "volatile") return null;
        if (count != 2) return "invalid number of the map parameters";
        var key = entry.Name;
        if (key.Length > 1 && key[0] == '~')
        {
            var caseless = key.Length > 2 && key[1] == '*';
            var compiled = NginxRegex.Compile(key[(caseless ? 2 : 1)..], caseless);
            return compiled.Error;
        }
        return null;
    }

    private static string? SplitClientsEntry(ConfigDirective entry)
    {
        // ngx_http_split_clients reads the first value and never counts the rest.
        var percent = entry.Name;
        return percent == "*" || SplitClientsPercent.Parse(percent) is not null ? null : $"invalid percent value \"{percent}\"";
    }
}
