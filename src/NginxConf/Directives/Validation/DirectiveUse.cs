using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>One occurrence of a directive being checked: the node, its spec, where it is, and where to report.</summary>
public sealed class DirectiveUse
{
    private readonly ValidationRun _run;

    internal DirectiveUse(ConfigDirective directive, DirectiveSpec spec, BlockScope scope, BlockScope? body, ValidationRun run)
    {
        Directive = directive;
        Spec = spec;
        Scope = scope;
        Body = body;
        _run = run;
    }

    public ConfigDirective Directive { get; }
    public DirectiveSpec Spec { get; }

    /// <summary>The block the directive appears in.</summary>
    public BlockScope Scope { get; }

    /// <summary>For a block directive whose body holds directives: the scope of that body.</summary>
    public BlockScope? Body { get; }

    public ConfigFacts Facts => _run.Facts;
    public ValidationOptions Options => _run.Options;

    public string Name => Directive.Name;
    public IReadOnlyList<ConfigArgument> Args => Directive.Args;
    public IEnumerable<string> Values => Directive.Args.Select(a => a.Value);

    public void Error(string message, ConfigArgument? at = null) =>
        _run.Report(Diagnostic.Error(message, at?.Position ?? Directive.Position));

    public void Warning(string message, ConfigArgument? at = null, string? note = null) =>
        _run.Report(Diagnostic.Warning(message, at?.Position ?? Directive.Position) with { Note = note });
}
