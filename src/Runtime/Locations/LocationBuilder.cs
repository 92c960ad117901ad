using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Rewrite;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Locations;

/// <summary>
/// A location while modules compile it (<see cref="IHttpModule.CompileLocation"/>): its scope
/// to read directives from, and the pieces modules contribute. Becomes an immutable
/// <see cref="LocationConfig"/> when every module has run.
/// </summary>
public sealed class LocationBuilder
{
    private readonly Func<ConfigDirective, LocationBuilder, LocationConfig> _compileIf;

    internal LocationBuilder(DirectiveScope scope, LocationKind kind, string name, NginxRegex? regex, SourcePosition position,
        Func<ConfigDirective, LocationBuilder, LocationConfig> compileIf)
    {
        Scope = scope;
        Kind = kind;
        Name = name;
        Regex = regex;
        Position = position;
        _compileIf = compileIf;
    }

    public DirectiveScope Scope { get; }
    public LocationKind Kind { get; }
    public string Name { get; }
    public NginxRegex? Regex { get; }
    public SourcePosition Position { get; }

    /// <summary>The content handler; the last module to set it wins (nginx: one handler per location).</summary>
    public IContentHandler? Content { get; set; }

    public List<IAccessHandler> AccessHandlers { get; } = [];
    public List<IRewriteOp> RewriteOps { get; } = [];
    public FeatureCollection Features { get; } = new();
    public bool AutoRedirect { get; set; }

    /// <summary>Compiles an <c>if</c> block inside this level as a location config inheriting from it.</summary>
    public LocationConfig CompileIfBlock(ConfigDirective ifDirective) => _compileIf(ifDirective, this);
}
