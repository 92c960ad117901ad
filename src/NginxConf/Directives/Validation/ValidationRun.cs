using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// One pass over a config: nginx's <c>ngx_conf_handler</c> applied to every statement (unknown,
/// not allowed here, block or not, argument count, duplicate, value shape, the directive's own check),
/// collecting every diagnostic instead of stopping at the first.
/// </summary>
internal sealed class ValidationRun
{
    /// <summary>Deeper nesting than this is hostile input, not a config (nginx has no limit; we keep the stack safe).</summary>
    private const int MaxDepth = 200;

    private readonly DirectiveTable _table;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly HashSet<string> _warnedSupport = new(StringComparer.Ordinal);

    public ValidationRun(DirectiveTable table, ValidationOptions options)
    {
        _table = table;
        Options = options;
    }

    public ValidationOptions Options { get; }
    public ConfigFacts Facts { get; } = new();
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public void Report(Diagnostic diagnostic)
    {
        _diagnostics.Add(diagnostic);
        if (diagnostic.Severity == Severity.Error) _errors++;
    }

    /// <summary>Errors reported so far: a directive whose value was refused is not also reported as unsupported.</summary>
    private int _errors;

    public void WalkBlock(IEnumerable<ConfigDirective> statements, BlockScope scope, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            if (scope.Owner is { } owner) Report(Diagnostic.Error("too deeply nested blocks", owner.Position));
            return;
        }
        foreach (var directive in statements)
        {
            if (directive.Name == "include" && directive.Block is null)
            {
                CheckDirective(directive, scope);
                foreach (var file in directive.Includes)
                    WalkBlock(file.Directives, scope, depth + 1);
                continue;
            }
            var (spec, body) = CheckDirective(directive, scope);
            if (directive.Block is null || spec is null) continue;
            switch (spec.Body)
            {
                case BodyKind.Directives when body is not null:
                    WalkBlock(directive.Block, body, depth + 1);
                    break;
                case BodyKind.Entries:
                    EntryBodies.Check(spec.Name, directive, this);
                    break;
            }
        }
    }

    /// <summary>Checks one statement; returns the spec that applied and the scope of its body.</summary>
    private (DirectiveSpec? Spec, BlockScope? Body) CheckDirective(ConfigDirective directive, BlockScope scope)
    {
        var name = directive.Name;
        var known = _table.Lookup(name).Where(s => s.DynamicModule is null || Facts.LoadedModules.Contains(s.DynamicModule)).ToList();
        if (known.Count == 0)
        {
            Report(Diagnostic.Error($"unknown directive \"{name}\"", directive.Position));
            return (null, null);
        }
        var spec = known.FirstOrDefault(s => (s.Contexts & scope.Context) != 0);
        if (spec is null)
        {
            Report(Diagnostic.Error($"\"{name}\" directive is not allowed here", directive.Position));
            return (null, null);
        }
        if (!spec.IsBlock && directive.Block is not null)
        {
            Report(Diagnostic.Error($"directive \"{name}\" is not terminated by \";\"", directive.Position));
            return (null, null);
        }
        if (spec.IsBlock && directive.Block is null)
        {
            Report(Diagnostic.Error($"directive \"{name}\" has no opening \"{{\"", directive.Position));
            return (spec, null);
        }

        var body = spec.IsBlock && spec.Body == BodyKind.Directives ? new BlockScope(BodyContext(spec, scope), directive, scope) : null;
        if (!spec.Arity.Accepts(directive.Args.Count))
        {
            Report(Diagnostic.Error($"invalid number of arguments in \"{name}\" directive", directive.Position));
            return (spec, body);
        }
        if (!spec.Repeatable && scope.SetOnce(name, directive) is not null)
        {
            Report(Diagnostic.Error($"\"{name}\" directive is duplicate", directive.Position));
            return (spec, body);
        }
        var before = _diagnostics.Count;
        var errorsBefore = _errors;
        SlotValidation.Check(spec, directive, this);
        if (_diagnostics.Count == before && spec.Check is { } check)
            check(new DirectiveUse(directive, spec, scope, body, this));
        if (_errors == errorsBefore) ReportSupport(spec, directive);
        return (spec, body);
    }

    private static DirectiveContext BodyContext(DirectiveSpec spec, BlockScope scope) =>
        spec.Name == "if"
            ? scope.Context == DirectiveContext.Server ? DirectiveContext.IfInServer : DirectiveContext.IfInLocation
            : spec.Opens;

    /// <summary>
    /// Fail closed: a refused directive is an error at every use (unless its lone argument asks for
    /// nothing, <see cref="DirectiveSpec.Inert"/>); an ignored one is a warning once per name, or once
    /// per reason where several share one (ssl_stapling and ssl_stapling_verify).
    /// </summary>
    private void ReportSupport(DirectiveSpec spec, ConfigDirective directive)
    {
        switch (spec.Support)
        {
            case DirectiveSupport.Refused when !spec.AsksForNothing(directive):
                Report(Diagnostic.Error($"unsupported directive \"{spec.Name}\"", directive.Position) with { Note = spec.Note });
                break;
            // A plain block (events) speaks through what it holds; stream or mail, which say why, are warned.
            case DirectiveSupport.Ignored when Options.WarnIgnored && !(spec.IsBlock && spec.Note is null):
                if (!_warnedSupport.Add(spec.Note is null ? spec.Name : spec.Module + "\n" + spec.Note)) return;
                Report(Diagnostic.Warning($"\"{spec.Name}\" directive is ignored by proxyserver", directive.Position) with { Note = spec.Note ?? IgnoredNote });
                break;
        }
    }

    /// <summary>What an ignored directive without a reason of its own is: a knob nginx has that Kestrel and .NET set for themselves.</summary>
    private const string IgnoredNote = "it has no effect on what a client gets here";
}
