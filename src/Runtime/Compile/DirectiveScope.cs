using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Compile;

public enum ScopeKind { Main, Http, Server, Location, If, LimitExcept, Other }

/// <summary>
/// One level of the config (http, server, location, if) with its statements (includes spliced)
/// and its parent. nginx's merge rule for most directives is "the nearest level that sets it
/// wins"; <see cref="Nearest"/> and <see cref="NearestAll"/> are that rule, so each module reads
/// its directives through a scope and inherits correctly without its own merge code.
/// Directives are found through their <see cref="DirectiveKey"/> only (declared in the directive
/// table), and every read is noted in <see cref="Reads"/>, so a test can prove each implemented
/// directive has a reader.
/// </summary>
public sealed class DirectiveScope
{
    public DirectiveScope(ScopeKind kind, IEnumerable<ConfigDirective> statements, DirectiveScope? parent, ConfigDirective? owner = null)
        : this(kind, statements, parent, owner, parent?.Reads ?? new DirectiveReads())
    {
    }

    /// <summary>A top level whose reads are noted in <paramref name="reads"/> (the compile's own log).</summary>
    public DirectiveScope(ScopeKind kind, IEnumerable<ConfigDirective> statements, DirectiveReads reads)
        : this(kind, statements, null, null, reads)
    {
    }

    private DirectiveScope(ScopeKind kind, IEnumerable<ConfigDirective> statements, DirectiveScope? parent, ConfigDirective? owner, DirectiveReads reads)
    {
        Kind = kind;
        Statements = ConfigTree.Expand(statements).ToList();
        Parent = parent;
        Owner = owner;
        Reads = reads;
    }

    /// <summary>The keys read through this scope and its relatives (shared by a whole compile).</summary>
    public DirectiveReads Reads { get; }

    /// <summary>This level's statements of <paramref name="key"/>, in order.</summary>
    public IEnumerable<ConfigDirective> Own(DirectiveKey key) => Own(Reads.Note(key).Name);

    public ConfigDirective? OwnFirst(DirectiveKey key) => OwnFirst(Reads.Note(key).Name);

    /// <summary>The first statement of <paramref name="key"/> at the nearest level that has one (inherited setting).</summary>
    public ConfigDirective? Nearest(DirectiveKey key) => Nearest(Reads.Note(key).Name);

    /// <summary>All statements of <paramref name="key"/> of the nearest level that has any (array directives).</summary>
    public IReadOnlyList<ConfigDirective> NearestAll(DirectiveKey key) => NearestAll(Reads.Note(key).Name);

    /// <summary>
    /// This level's statements of any of <paramref name="keys"/>, in the order written: for modules
    /// whose directives act in sequence (<c>set</c>, <c>rewrite</c>, <c>return</c>, <c>if</c>).
    /// </summary>
    public IEnumerable<ConfigDirective> OwnInOrder(params DirectiveKey[] keys)
    {
        foreach (var key in keys) Reads.Note(key);
        return Statements.Where(d => Array.Exists(keys, k => k.Names(d)));
    }

    /// <summary>The nearest level's value of <paramref name="key"/>, or its default; a bad value is nginx's error and the default.</summary>
    public T Get<T>(DirectiveKey<T> key, CompileContext context) => Get(key, key.Default, context);

    /// <summary>As <see cref="Get{T}(DirectiveKey{T}, CompileContext)"/> with another fallback (a level's own inherited value).</summary>
    public T Get<T>(DirectiveKey<T> key, T fallback, CompileContext context)
    {
        if (Nearest(key) is not { Args.Count: > 0 } directive) return fallback;
        if (key.TryRead(directive, out var value, out var error)) return value;
        context.Error(error!, directive.Position);
        return fallback;
    }

    /// <summary>This level's own value of <paramref name="key"/> (not inherited), null when unset or bad (reported).</summary>
    public T? GetOwn<T>(DirectiveKey<T> key, CompileContext context) where T : struct
    {
        if (OwnFirst(key) is not { Args.Count: > 0 } directive) return null;
        if (key.TryRead(directive, out var value, out var error)) return value;
        context.Error(error!, directive.Position);
        return null;
    }

    public ScopeKind Kind { get; }
    public IReadOnlyList<ConfigDirective> Statements { get; }
    public DirectiveScope? Parent { get; }

    /// <summary>The block directive that opened this level (<c>location /a</c>), null for main.</summary>
    public ConfigDirective? Owner { get; }

    private IEnumerable<ConfigDirective> Own(string name) => ByName.TryGetValue(name, out var own) ? own : [];

    private ConfigDirective? OwnFirst(string name) => ByName.TryGetValue(name, out var own) ? own[0] : null;

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

    private ConfigDirective? Nearest(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            if (scope.OwnFirst(name) is { } found) return found;
        return null;
    }

    // nginx's rule for array directives (proxy_set_header, error_page, add_header): a level
    // that sets one replaces, not extends, what it would inherit.
    private IReadOnlyList<ConfigDirective> NearestAll(string name)
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

/// <summary>
/// The directive keys one compile read (through <see cref="DirectiveScope"/>): what the test that
/// every implemented directive has a reader checks against the table.
/// </summary>
public sealed class DirectiveReads
{
    private readonly HashSet<DirectiveKey> _keys = [];

    public IReadOnlyCollection<DirectiveKey> Keys => _keys;

    public DirectiveKey Note(DirectiveKey key)
    {
        _keys.Add(key);
        return key;
    }
}
