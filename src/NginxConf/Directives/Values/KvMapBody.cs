using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// The body of our <c>kv_map $in $out { source NAME PREFIX; [hostnames;] [default VALUE;] }</c>, read
/// like nginx reads a map body (entries, not directives); <c>source</c> is required and comes once.
/// </summary>
public sealed record KvMapBody(string SourceName, string Prefix, bool Hostnames, string? Default)
{
    public static Parsed<KvMapBody> Parse(IEnumerable<ConfigDirective> entries)
    {
        string? source = null, prefix = null, fallback = null;
        var hostnames = false;
        foreach (var entry in entries)
        {
            var args = entry.Args.Select(a => a.Value).ToList();
            switch (entry.Name)
            {
                case "source" when args.Count == 2:
                    if (source is not null) return Parsed<KvMapBody>.Fail("\"source\" is duplicate in kv_map");
                    (source, prefix) = (args[0], args[1]);
                    break;
                case "hostnames" when args.Count == 0:
                    hostnames = true;
                    break;
                case "default" when args.Count == 1:
                    if (fallback is not null) return Parsed<KvMapBody>.Fail("\"default\" is duplicate in kv_map");
                    fallback = args[0];
                    break;
                case "source" or "hostnames" or "default":
                    return Parsed<KvMapBody>.Fail($"invalid number of arguments in kv_map \"{entry.Name}\"");
                default:
                    return Parsed<KvMapBody>.Fail($"invalid kv_map parameter \"{entry.Name}\": expected source, hostnames or default");
            }
        }
        if (source is null || prefix is null) return Parsed<KvMapBody>.Fail("kv_map needs \"source NAME PREFIX\"");
        return Parsed<KvMapBody>.Success(new KvMapBody(source, prefix, hostnames, fallback));
    }
}
