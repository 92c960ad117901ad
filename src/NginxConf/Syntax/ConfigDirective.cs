namespace ProxyServer.NginxConf.Syntax;

/// <summary>
/// A statement: <c>name args;</c> or <c>name args { block }</c>.
/// <see cref="Block"/> is null for a simple directive and a (possibly empty) list for a block.
/// An <c>include</c> keeps its own node; the files it pulled in are in <see cref="Includes"/>
/// so tools can show where a directive came from, while <see cref="ConfigTree"/> offers the
/// flattened view nginx itself works on.
/// </summary>
public sealed record ConfigDirective(
    string Name,
    IReadOnlyList<ConfigArgument> Args,
    IReadOnlyList<ConfigDirective>? Block,
    SourcePosition Position)
{
    public IReadOnlyList<ConfigFile> Includes { get; init; } = [];

    public bool IsBlock => Block is not null;

    public override string ToString() => Args.Count == 0 ? Name : $"{Name} {string.Join(' ', Args)}";
}
