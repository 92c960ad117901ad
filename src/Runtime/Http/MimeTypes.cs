using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// The <c>types {}</c> table of a level (extension to MIME type). Several <c>types</c> blocks at
/// one level merge, a later extension replaces an earlier one (nginx warns "duplicate
/// extension"), and a level without any inherits its parent's; with none anywhere nginx's
/// built-in three apply (html, gif, jpg).
/// </summary>
public sealed class MimeTypes
{
    public static readonly MimeTypes Builtin = new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["html"] = "text/html",
        ["gif"] = "image/gif",
        ["jpg"] = "image/jpeg",
    });

    private readonly Dictionary<string, string> _byExtension;

    private MimeTypes(Dictionary<string, string> byExtension) => _byExtension = byExtension;

    /// <summary>The type for a request's extension (lower-cased first, as nginx does), or null.</summary>
    public string? Find(string extension)
    {
        if (extension.Length == 0) return null;
        return _byExtension.GetValueOrDefault(extension.ToLowerInvariant());
    }

    /// <summary>Compiles this level's <c>types</c> blocks, or returns <paramref name="inherited"/> when it has none.</summary>
    public static MimeTypes Compile(DirectiveScope scope, MimeTypes inherited, CompileContext context)
    {
        var blocks = scope.Own(HttpCoreDirectives.Types).Where(d => d.Block is not null).ToList();
        if (blocks.Count == 0) return inherited;
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            foreach (var entry in ConfigTree.Expand(block.Block!))
            {
                if (entry.Args.Count == 0)
                {
                    context.Error("invalid number of arguments in \"types\" directive", entry.Position);
                    continue;
                }
                foreach (var extension in entry.Args)
                {
                    if (table.TryGetValue(extension.Value, out var previous) && previous != entry.Name)
                        context.Warning($"duplicate extension \"{extension.Value}\", content type: \"{entry.Name}\", previous content type: \"{previous}\"", entry.Position);
                    table[extension.Value] = entry.Name;
                }
            }
        }
        return new MimeTypes(table);
    }

    /// <summary>
    /// nginx's <c>r->exten</c>: what follows the last dot of the last path segment, unless that
    /// dot starts the segment (".profile" has none).
    /// </summary>
    public static string Extension(string uri)
    {
        for (var i = uri.Length - 1; i > 1; i--)
        {
            if (uri[i] == '/') return "";
            if (uri[i] == '.' && uri[i - 1] != '/') return uri[(i + 1)..];
        }
        return "";
    }
}
