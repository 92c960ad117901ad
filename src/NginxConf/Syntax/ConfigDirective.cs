namespace ProxyServer.NginxConf.Syntax;

/// <summary>
/// A statement: <c>name args;</c> or <c>name args { block }</c>.
/// <see cref="Block"/> is null for a simple directive and a (possibly empty) list for a block.
/// An <c>include</c> keeps its own node; the files it pulled in are in <see cref="Includes"/>
/// so tools can show where a directive came from, while <see cref="ConfigTree"/> offers the
/// flattened view nginx itself works on.
/// A <c>*_by_lua_block { code }</c> is a simple directive whose last argument holds the code
/// (<see cref="QuoteKind.RawBlock"/>), as nginx's lua module and crossplane see it.
/// </summary>
public sealed record ConfigDirective(
    string Name,
    IReadOnlyList<ConfigArgument> Args,
    IReadOnlyList<ConfigDirective>? Block,
    SourcePosition Position)
{
    public IReadOnlyList<ConfigFile> Includes { get; init; } = [];

    /// <summary>
    /// Where the <c>;</c> or <c>{</c> that ended the statement stands. nginx reports a directive's
    /// own errors (<c>unknown directive</c>, <c>invalid number of arguments</c>, include failures)
    /// at this line, which differs from <see cref="Position"/> when a statement spans lines.
    /// </summary>
    public SourcePosition TerminatorPosition { get => _terminatorPosition ?? Position; init => _terminatorPosition = value; }

    private readonly SourcePosition? _terminatorPosition;

    public bool IsBlock => Block is not null;

    public override string ToString() => Args.Count == 0 ? Name : $"{Name} {string.Join(' ', Args)}";
}
