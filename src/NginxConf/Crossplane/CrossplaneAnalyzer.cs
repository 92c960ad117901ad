namespace ProxyServer.NginxConf.Crossplane;

/// <summary>
/// crossplane's check of one statement (<c>crossplane/analyzer.py</c>, <c>analyze</c>) against its own
/// directive table (<see cref="CrossplaneDirectives"/>), with its wording. Only names crossplane knows,
/// in block paths it knows, are checked; <c>strict</c> makes an unknown name an error.
/// </summary>
public static class CrossplaneAnalyzer
{
    /// <summary>crossplane's <c>CONTEXTS</c>: the block paths it checks, and the context bit each stands for.</summary>
    private static readonly Dictionary<string, CrossplaneContext> Contexts = new(StringComparer.Ordinal)
    {
        [""] = CrossplaneContext.Main,
        ["events"] = CrossplaneContext.Events,
        ["mail"] = CrossplaneContext.Mail,
        ["mail server"] = CrossplaneContext.MailServer,
        ["stream"] = CrossplaneContext.Stream,
        ["stream server"] = CrossplaneContext.StreamServer,
        ["stream upstream"] = CrossplaneContext.StreamUpstream,
        ["http"] = CrossplaneContext.Http,
        ["http server"] = CrossplaneContext.HttpServer,
        ["http location"] = CrossplaneContext.HttpLocation,
        ["http upstream"] = CrossplaneContext.HttpUpstream,
        ["http server if"] = CrossplaneContext.HttpServerIf,
        ["http location if"] = CrossplaneContext.HttpLocationIf,
        ["http location limit_except"] = CrossplaneContext.HttpLimitExcept,
    };

    /// <summary>
    /// Blocks whose body nginx reads as values, not directives. crossplane's strict mode calls every
    /// map key and MIME type an unknown directive (its later versions exempt <c>map</c> and <c>types</c>);
    /// we exempt these bodies, so <c>--strict</c> is usable on a config that has a <c>types</c> block.
    /// </summary>
    private static readonly HashSet<string> ValueBlocks = new(StringComparer.Ordinal) { "types", "map", "geo", "split_clients", "charset_map" };

    /// <summary>The context inside a block opened by <paramref name="directive"/> (crossplane's <c>enter_block_ctx</c>): a location nested in a location is still <c>('http', 'location')</c>.</summary>
    public static IReadOnlyList<string> EnterBlock(string directive, IReadOnlyList<string> context) =>
        context.Count > 0 && context[0] == "http" && directive == "location"
            ? ["http", "location"]
            : [.. context, directive];

    /// <summary>
    /// The error crossplane raises for <c>directive args terminator</c> in <paramref name="context"/>, or
    /// null when it passes. <paramref name="terminator"/> is <c>;</c>, <c>{</c> or <c>}</c>.
    /// </summary>
    public static string? Analyze(string directive, IReadOnlyList<string> args, string terminator, IReadOnlyList<string> context, bool strict)
    {
        var uses = CrossplaneDirectives.Lookup(directive);
        if (strict && uses is null && !(context.Count > 0 && ValueBlocks.Contains(context[^1])))
            return $"unknown directive \"{directive}\"";

        // An unknown name, or a block path crossplane has no bit for, is not checked.
        if (uses is null || !Contexts.TryGetValue(string.Join(' ', context), out var here))
            return null;

        var allowed = uses.Where(use => (use.Contexts & here) != 0).ToList();
        if (allowed.Count == 0)
            return $"\"{directive}\" directive is not allowed here";

        // Tried last to first, as crossplane does: the reason kept is the first use's.
        string? reason = null;
        for (var i = allowed.Count - 1; i >= 0; i--)
        {
            var arity = allowed[i].Arity;
            if (arity.HasFlag(CrossplaneArity.Block) && terminator != "{")
            {
                reason = $"directive \"{directive}\" has no opening \"{{\"";
                continue;
            }
            if (!arity.HasFlag(CrossplaneArity.Block) && terminator != ";")
            {
                reason = $"directive \"{directive}\" is not terminated by \";\"";
                continue;
            }
            var count = args.Count;
            if ((count <= 7 && ((int)arity >> count & 1) != 0)
                || (arity.HasFlag(CrossplaneArity.Flag) && count == 1 && IsFlag(args[0]))
                || arity.HasFlag(CrossplaneArity.Any)
                || (arity.HasFlag(CrossplaneArity.OneOrMore) && count >= 1)
                || (arity.HasFlag(CrossplaneArity.TwoOrMore) && count >= 2))
                return null;
            reason = arity.HasFlag(CrossplaneArity.Flag) && count == 1
                ? $"invalid value \"{args[0]}\" in \"{directive}\" directive, it must be \"on\" or \"off\""
                : $"invalid number of arguments in \"{directive}\" directive";
        }
        return reason;
    }

    private static bool IsFlag(string value) =>
        value.Equals("on", StringComparison.OrdinalIgnoreCase) || value.Equals("off", StringComparison.OrdinalIgnoreCase);
}
