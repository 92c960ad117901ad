using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Hosting;

/// <summary>
/// How to (re)load the config a process serves: the file, nginx's <c>-g</c> directives appended
/// to the main context, and compile options. A file without an <c>http</c> block but with
/// <c>server</c> blocks (a <c>sites-available</c> file) is served as if included from
/// <c>http {}</c>.
/// </summary>
public sealed record ConfigSource(string ConfigPath, CompileOptions Options, string? GlobalDirectives = null)
{
    /// <summary>Told of every tree loaded (at start and on each reload), e.g. to watch its files.</summary>
    public Action<ConfigTree>? Loaded { get; init; }

    public CompileResult Compile() => RuntimeCompiler.Compile(Load(), Options);

    /// <inheritdoc cref="RuntimeCompiler.CompileMainOnly"/>
    public (Model.MainSettings? Main, IReadOnlyList<Diagnostic> Diagnostics) CompileMainOnly() => RuntimeCompiler.CompileMainOnly(Load(), Options);

    public ConfigTree Load()
    {
        var tree = LoadTree();
        Loaded?.Invoke(tree);
        return tree;
    }

    private ConfigTree LoadTree()
    {
        var path = Path.GetFullPath(ConfigPath);
        var tree = ConfigLoader.Load(path);
        if (!tree.HasErrors && !tree.Statements.Any(HttpCoreDirectives.Http.Names)
            && tree.Statements.Any(d => HttpCoreDirectives.Server.Names(d) || UpstreamDirectives.Upstream.Names(d) || MapDirectives.Map.Names(d) || LogDirectives.LogFormat.Names(d)))
        {
            var wrapper = Path.Combine(Path.GetDirectoryName(path) ?? ".", "(proxyserver-site-wrapper)");
            tree = ConfigLoader.LoadText($"events {{}}\nhttp {{\n    include \"{path.Replace("\\", "\\\\").Replace("\"", "\\\"")}\";\n}}\n", wrapper);
        }
        if (string.IsNullOrWhiteSpace(GlobalDirectives)) return tree;

        var global = ConfigParser.Parse(GlobalDirectives, "command line");
        var root = tree.Root with { Directives = tree.Root.Directives.Concat(global.File.Directives).ToList() };
        return tree with { Root = root, Diagnostics = tree.Diagnostics.Concat(global.Diagnostics).ToList() };
    }
}
