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

    /// <summary>For an <c>if</c> or <c>limit_except</c> block, the location it is nested in (whose name and kind it serves under).</summary>
    public LocationBuilder? Enclosing { get; init; }

    /// <summary>The content handler; the last module to set it wins (nginx: one handler per location).</summary>
    public IContentHandler? Content { get; set; }

    /// <summary>
    /// Handlers of nginx's location rewrite phase that run before the rewrite module's program
    /// (<c>set</c>, <c>rewrite</c>, <c>return</c>): ngx_http_init_phase_handlers runs a phase's
    /// handlers last-registered first, and a module registering after ngx_http_rewrite_module
    /// (naxsi, a dynamic module) therefore sees every request that reaches the location, whatever
    /// answers it, and before the location's <c>set</c>s take effect.
    /// </summary>
    public List<IAccessHandler> PreRewriteHandlers { get; } = [];

    /// <summary>
    /// Handlers of nginx's preaccess phase, after the rewrite phase and before access: realip, then limit_req,
    /// then limit_conn (ngx_http_init_phase_handlers runs a phase's handlers last-registered first; realip
    /// registers after limit_req, limit_req after limit_conn).
    /// </summary>
    public List<IAccessHandler> PreAccessHandlers { get; } = [];

    public List<IAccessHandler> AccessHandlers { get; } = [];

    /// <summary>
    /// Adds a check to nginx's access phase proper (allow/deny, auth_basic...), combined with the
    /// others by <c>satisfy</c>; the first one places the <see cref="AccessPhase"/> among
    /// <see cref="AccessHandlers"/>. Modules add in nginx's order (HttpModules.All lists them so).
    /// </summary>
    public void AddAccessCheck(IAccessCheck check)
    {
        if (_accessPhase is null)
        {
            _accessPhase = new AccessPhase();
            AccessHandlers.Add(_accessPhase);
        }
        _accessPhase.Add(check);
    }

    private AccessPhase? _accessPhase;
    public List<IRewriteOp> RewriteOps { get; } = [];

    /// <summary>Body filters whose settings are on here; run in <see cref="HttpModules.BodyFilters"/> order whatever the order added.</summary>
    public List<IResponseBodyFilter> BodyFilters { get; } = [];
    public FeatureCollection Features { get; } = new();
    public bool AutoRedirect { get; set; }

    /// <summary>Compiles an <c>if</c> block inside this level as a location config inheriting from it.</summary>
    public LocationConfig CompileIfBlock(ConfigDirective ifDirective) => _compileIf(ifDirective, this);
}
