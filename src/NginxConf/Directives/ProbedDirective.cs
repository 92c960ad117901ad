namespace ProxyServer.NginxConf.Directives;

/// <summary>
/// What nginx 1.22 itself answered about one stock directive (<c>Probe/</c>): the module that defines it,
/// where it may stand, how many arguments it takes, whether it opens a block and may repeat. The rows are
/// generated (<c>Generated/ProbedDirectives.g.cs</c>); a module file's row without contexts takes them from here.
/// </summary>
public sealed record ProbedDirective(string Module, string Name, DirectiveContext Contexts, Arity Arity)
{
    public bool IsBlock { get; init; }
    public BodyKind Body { get; init; } = BodyKind.Directives;
    public DirectiveContext Opens { get; init; }
    public bool Repeatable { get; init; }
}
