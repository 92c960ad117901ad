using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Compile;

public enum ScopeKind { Main, Http, Server, Location, If, LimitExcept, Other }

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
    public IEnumerable<ConfigDirective> Own(string name) => ByName.TryGetValue(name, out var own) ? own : [];

    public ConfigDirective? OwnFirst(string name) => ByName.TryGetValue(name, out var own) ? own[0] : null;

    /// <summary>
    /// The statements grouped by name, built on first use: every server and location asks its
    /// ancestors for dozens of names, and scanning an http level of 10,000 server blocks for
    /// each made compiling such a config quadratic (minutes instead of a second).
    /// </summary>
    private Dictionary<string, ConfigDirective[]> ByName => _byName ??= Statements
        .GroupBy(d => d.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    private Dictionary<string, ConfigDirective[]>? _byName;

    /// <summary>True when <paramref name="directive"/> is one of this level's own statements.</summary>
    public bool Owns(ConfigDirective directive) => ByName.TryGetValue(directive.Name, out var own) && own.Contains(directive);

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
            if (scope.ByName.TryGetValue(name, out var own)) return own;
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
