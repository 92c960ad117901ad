using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Variables;

/// <summary>
/// The http-level blocks that define a variable from their entries (<c>geo</c>, <c>split_clients</c>): the
/// variable, the block's last argument, is registered when http compiles (every level may use it) and the
/// block is compiled once every variable name is known (<see cref="Modules.IHttpModule.CompleteHttp"/>).
/// A malformed block is left to the directive table, which reports it.
/// </summary>
public sealed class VariableBlocks<T> where T : class
{
    private readonly List<(ConfigDirective Directive, T State)> _blocks = [];

    /// <summary>Registers the variable of each block of <paramref name="key"/> in <paramref name="http"/>, read through its state.</summary>
    public static void Declare(DirectiveScope http, DirectiveKey key, CompileContext context, Func<T> create, Func<T, VariableGetter> getter)
    {
        var declared = context.Features.GetOrAdd(() => new VariableBlocks<T>());
        foreach (var directive in http.Own(key))
        {
            if (directive.Block is null || directive.Args.Count == 0) continue;
            var target = directive.Args[^1].Value;
            if (target.Length < 2 || target[0] != '$') continue;
            var state = create();
            context.Variables.Register(target[1..], getter(state));
            declared._blocks.Add((directive, state));
        }
    }

    /// <summary>The blocks declared in this compile, in order, with their states to fill.</summary>
    public static IReadOnlyList<(ConfigDirective Directive, T State)> Declared(CompileContext context) =>
        context.Features.Get<VariableBlocks<T>>()?._blocks ?? [];
}
