using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// The balancing directives of an upstream block (one per <see cref="Balancers"/> entry), read into a
/// <see cref="BalancingMethod"/>. Their arguments were checked by the directive table (<c>check</c>);
/// this only reads them.
/// </summary>
public static class BalancingDirectives
{
    /// <summary>The directives that choose a balancing method, each declared by its module's table.</summary>
    public static IReadOnlyList<DirectiveKey> Keys { get; } = [.. Balancers.All.Select(b => b.Directive)];

    /// <summary>The method <paramref name="directive"/> selects, or null when it is not a balancing directive.</summary>
    public static BalancingMethod? Read(ConfigDirective directive) =>
        Balancers.All.FirstOrDefault(b => b.Directive.Names(directive))?.Read([.. directive.Args.Select(a => a.Value)]);
}
