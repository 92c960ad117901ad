using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// One block being validated (the main file, <c>http</c>, a <c>server</c>, a <c>location</c>...): its
/// context, its owner and parent, what was set in it once, and the state its owner's check left.
/// </summary>
public sealed class BlockScope
{
    private readonly Dictionary<string, ConfigDirective> _singles = new(StringComparer.Ordinal);

    public BlockScope(DirectiveContext context, ConfigDirective? owner, BlockScope? parent)
    {
        Context = context;
        Owner = owner;
        Parent = parent;
    }

    public DirectiveContext Context { get; }
    public ConfigDirective? Owner { get; }
    public BlockScope? Parent { get; }

    /// <summary>What the owner's check parsed, e.g. a <c>LocationPattern</c> or an upstream's state.</summary>
    public object? State { get; set; }

    public T? StateAs<T>() where T : class => State as T;

    /// <summary>The nearest enclosing block (itself included) whose context is one of <paramref name="contexts"/>.</summary>
    public BlockScope? Nearest(DirectiveContext contexts)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            if ((scope.Context & contexts) != 0) return scope;
        return null;
    }

    /// <summary>Records a once-per-block directive; returns the earlier one when it was already set.</summary>
    public ConfigDirective? SetOnce(string key, ConfigDirective directive)
    {
        if (_singles.TryGetValue(key, out var earlier)) return earlier;
        _singles[key] = directive;
        return null;
    }

    public ConfigDirective? Earlier(string key) => _singles.GetValueOrDefault(key);
}
