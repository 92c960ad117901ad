using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// The generic value checks of nginx's slot functions, with their wording: a flag must be on/off, sizes
/// and times give <c>"x" directive invalid value</c>, numbers <c>"x" directive invalid number</c>,
/// enumerations <c>invalid value "v"</c>. Arguments holding variables are not checked (nginx would refuse
/// most, but those directives take no variables, so a <c>$</c> there is already caught by nginx's slot too).
/// </summary>
internal static class SlotValidation
{
    public static void Check(DirectiveSpec spec, ConfigDirective directive, ValidationRun run)
    {
        var args = directive.Args;
        string? error = spec.Value switch
        {
            ValueKind.Flag => args.Count == 1 && !NginxFlag.TryParse(args[0].Value, out _)
                ? NginxFlag.InvalidMessage(args[0].Value, spec.Name) : null,
            ValueKind.Size => args.Any(a => !NginxSize.TryParse(a.Value, out _)) ? Invalid(spec, "value") : null,
            ValueKind.Offset => args.Any(a => !NginxSize.TryParseOffset(a.Value, out _)) ? Invalid(spec, "value") : null,
            ValueKind.Time => args.Any(a => !NginxTime.TryParse(a.Value, out _)) ? Invalid(spec, "value") : null,
            ValueKind.Seconds => args.Any(a => !NginxTime.TryParseSeconds(a.Value, out _)) ? Invalid(spec, "value") : null,
            ValueKind.Number => args.Any(a => !NginxNumber.TryParse(a.Value, out _)) ? Invalid(spec, "number") : null,
            ValueKind.Buffers => args.Count == 2 && (!NginxNumber.TryParse(args[0].Value, out var n) || n == 0 || !NginxSize.TryParse(args[1].Value, out _))
                ? Invalid(spec, "value") : null,
            ValueKind.Choice or ValueKind.ChoiceList => args.FirstOrDefault(a => !spec.Choices.Contains(a.Value)) is { } bad
                ? $"invalid value \"{bad.Value}\"" : null,
            _ => null,
        };
        if (error is not null) run.Report(Diagnostic.Error(error, directive.Position));
    }

    private static string Invalid(DirectiveSpec spec, string what) => $"\"{spec.Name}\" directive invalid {what}";
}
