using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Hosting;

/// <summary>
/// How to (re)load a config, for <c>run</c>, <c>check</c> and <c>-t</c> alike: the file, nginx's <c>-g</c>
/// directives appended to the main context, and compile options. A fragment is read in the context its
/// top level asks for (<see cref="ConfigValidator.DetectContext"/>, or <see cref="TopContext"/>): a
/// <c>sites-available</c> file (servers, upstreams, maps) as if included from <c>http {}</c>, a file of
/// locations as if included from <c>server {}</c> inside it.
/// </summary>
public sealed record ConfigSource(string ConfigPath, CompileOptions Options, string? GlobalDirectives = null)
{
    /// <summary>Where includes resolve (default: the file's directory), as nginx's conf prefix.</summary>
    public ConfigLoadOptions LoadOptions { get; init; } = new();

    /// <summary>The context the file's top level is read in: main, http or server; none = from its contents.</summary>
    public DirectiveContext TopContext { get; init; } = DirectiveContext.None;

    /// <summary>Told of every tree loaded (at start and on each reload), e.g. to watch its files.</summary>
    public Action<ConfigTree>? Loaded { get; init; }

    /// <summary>Loads and compiles for <paramref name="cycle"/> (a fresh one when null: nothing is shared or started).</summary>
    public CompileResult Compile(Model.ProcessCycle? cycle = null) => RuntimeCompiler.Compile(Load(), Options, cycle);

    /// <inheritdoc cref="RuntimeCompiler.CompileMainOnly"/>
    public (Model.MainSettings? Main, IReadOnlyList<Diagnostic> Diagnostics) CompileMainOnly() => RuntimeCompiler.CompileMainOnly(Load(), Options);

    public ConfigTree Load()
    {
        var tree = LoadTree();
        Loaded?.Invoke(tree);
        return tree;
    }

    /// <summary>The name of the main file a fragment is read through (no file of the user's: never on disk).</summary>
    public const string WrapperName = "(proxyserver-site-wrapper)";

    private ConfigTree LoadTree()
    {
        var path = Path.GetFullPath(ConfigPath);
        var tree = ConfigLoader.Load(path, LoadOptions);
        var context = TopContext != DirectiveContext.None ? TopContext : ConfigValidator.DetectContext(tree.Statements);
        if (context is DirectiveContext.Http or DirectiveContext.Server)
        {
            var wrapper = Path.Combine(Path.GetDirectoryName(path) ?? ".", WrapperName);
            var include = $"include \"{path.Replace("\\", "\\\\").Replace("\"", "\\\"")}\";";
            var text = context == DirectiveContext.Http
                ? $"events {{}}\nhttp {{\n    {include}\n}}\n"
                : $"events {{}}\nhttp {{\n    server {{\n        {include}\n    }}\n}}\n";
            tree = ConfigLoader.LoadText(text, wrapper, LoadOptions);
        }
        if (string.IsNullOrWhiteSpace(GlobalDirectives)) return tree;

        // As nginx (ngx_conf_param before ngx_conf_parse): -g's directives are read before the file's.
        var global = ConfigParser.Parse(GlobalDirectives, "command line");
        var root = tree.Root with { Directives = [.. global.File.Directives, .. tree.Root.Directives] };
        return tree with { Root = root, Diagnostics = [.. global.Diagnostics, .. tree.Diagnostics] };
    }
}
