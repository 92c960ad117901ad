using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Compile;

public enum ScopeKind { Main, Http, Server, Location, If, Other }

/// <summary>
/// One level of the config (http, server, location, if) with its statements (includes spliced)
/// and its parent. nginx's merge rule for most directives is "the nearest level that sets it
/// wins"; <see cref="Nearest"/> and <see cref="NearestAll"/> are that rule, so each module reads
/// its directives through a scope and inherits correctly without its own merge code.
/// </summary>
public sealed class DirectiveScope
{
    public DirectiveScope(ScopeKind kind, IEnumerable<ConfigDirective> statements, DirectiveScope? parent, ConfigDirective? owner = null)
    {
        Kind = kind;
        Statements = ConfigTree.Expand(statements).ToList();
        Parent = parent;
        Owner = owner;
    }

    public ScopeKind Kind { get; }
    public IReadOnlyList<ConfigDirective> Statements { get; }
    public DirectiveScope? Parent { get; }

    /// <summary>The block directive that opened this level (<c>location /a</c>), null for main.</summary>
    public ConfigDirective? Owner { get; }

    /// <summary>This level's statements named <paramref name="name"/>, in order.</summary>
    public IEnumerable<ConfigDirective> Own(string name) => Statements.Where(d => d.Name == name);

    public ConfigDirective? OwnFirst(string name) => Statements.FirstOrDefault(d => d.Name == name);

    /// <summary>The first <paramref name="name"/> at the nearest level that has one (inherited setting).</summary>
    public ConfigDirective? Nearest(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            if (scope.OwnFirst(name) is { } found) return found;
        return null;
    }

    /// <summary>
    /// All <paramref name="name"/> statements of the nearest level that has any: nginx's rule for
    /// array directives (<c>proxy_set_header</c>, <c>error_page</c>, <c>add_header</c>) — a level
    /// that sets one replaces, not extends, what it would inherit.
    /// </summary>
    public IReadOnlyList<ConfigDirective> NearestAll(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            var own = scope.Own(name).ToList();
            if (own.Count > 0) return own;
        }
        return [];
    }

    /// <summary>The nearest enclosing scope of a kind (this one included).</summary>
    public DirectiveScope? Enclosing(ScopeKind kind)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            if (scope.Kind == kind) return scope;
        return null;
    }
}
