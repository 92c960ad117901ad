using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Rewrite;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Locations;

/// <summary>
/// One compiled location (or the server level, or an <c>if</c> block): how it matches, its
/// nested locations, its rewrite program, its access checks and content handler, the core
/// settings with inheritance already applied, and module settings in <see cref="Features"/>.
/// Immutable once built.
/// </summary>
public sealed class LocationConfig
{
    public required LocationKind Kind { get; init; }

    /// <summary>The name as written (<c>/images/</c>, <c>\.php$</c>, <c>@fallback</c>), as a byte string.</summary>
    public required string Name { get; init; }

    public NginxRegex? Regex { get; init; }
    public required SourcePosition Position { get; init; }

    public LocationTree Children { get; init; } = LocationTree.Empty;

    /// <summary>The rewrite module's program (<c>set</c>, <c>rewrite</c>, <c>if</c>, <c>return</c>, <c>break</c>) for this level.</summary>
    public IReadOnlyList<IRewriteOp> RewriteOps { get; init; } = [];

    /// <summary>Rewrite-phase handlers that run before <see cref="RewriteOps"/> (see <see cref="LocationBuilder.PreRewriteHandlers"/>).</summary>
    public IReadOnlyList<IAccessHandler> PreRewriteHandlers { get; init; } = [];

    /// <summary>nginx's preaccess phase (limit_req, then limit_conn), before <see cref="AccessHandlers"/>.</summary>
    public IReadOnlyList<IAccessHandler> PreAccessHandlers { get; init; } = [];

    public IReadOnlyList<IAccessHandler> AccessHandlers { get; init; } = [];

    /// <summary>The content handler, or null for nginx's default (static files from <c>root</c>).</summary>
    public IContentHandler? Content { get; init; }

    public required CoreLocationSettings Core { get; init; }

    /// <summary>Per-module settings (proxy, logging, upstream...), one object per type.</summary>
    public required FeatureCollection Features { get; init; }

    /// <summary>A request for the name without its trailing slash is redirected to it (set by proxy_pass).</summary>
    public bool AutoRedirect { get; init; }

    /// <summary>This location's <c>limit_except</c> block, if it has one.</summary>
    public MethodLimit? MethodLimit { get; init; }

    /// <summary>
    /// The config a request with <paramref name="method"/> is served by (ngx_http_update_location_config):
    /// the <c>limit_except</c> block's for a method it does not list, else this one.
    /// </summary>
    public LocationConfig ForMethod(string method) => MethodLimit is { } limit && !limit.Allows(method) ? limit.Config : this;

    public override string ToString() => Kind switch
    {
        LocationKind.Exact => "= " + Name,
        LocationKind.PrefixNoRegex => "^~ " + Name,
        LocationKind.Regex => "~ " + Name,
        LocationKind.RegexCaseless => "~* " + Name,
        _ => Name,
    };
}
