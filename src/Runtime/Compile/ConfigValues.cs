using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Compile;

/// <summary>
/// nginx's value syntaxes the runtime reads: sizes (<c>1m</c>), times (<c>30s</c>, <c>1h 30m</c>),
/// flags (<c>on|off</c>). Errors use nginx's wording (<c>"client_max_body_size" directive invalid value</c>).
/// </summary>
/// <remarks>The value syntaxes themselves are the directive table's parsers (<see cref="NginxSize"/>,
/// <see cref="NginxTime"/>, <see cref="NginxFlag"/>); this class reads them through a scope's inheritance.</remarks>
public static class ConfigValues
{
    public static long? ParseSize(string text) => NginxSize.TryParseOffset(text, out var bytes) ? bytes : null;

    public static TimeSpan? ParseTime(string text) => NginxTime.TryParse(text, out var time) ? time : null;

    public static bool? ParseFlag(string text) => NginxFlag.TryParse(text, out var flag) ? flag : null;

    /// <summary>Reads the nearest <paramref name="name"/> as a flag, reporting nginx's error on bad input.</summary>
    public static bool Flag(DirectiveScope scope, string name, bool fallback, CompileContext context)
    {
        if (scope.Nearest(name) is not { } directive || directive.Args.Count == 0) return fallback;
        if (ParseFlag(directive.Args[0].Value) is { } value) return value;
        context.Error(NginxFlag.InvalidMessage(directive.Args[0].Value, name), directive.Position);
        return fallback;
    }

    public static long Size(DirectiveScope scope, string name, long fallback, CompileContext context)
    {
        if (scope.Nearest(name) is not { } directive || directive.Args.Count == 0) return fallback;
        if (ParseSize(directive.Args[0].Value) is { } value) return value;
        context.Error($"\"{name}\" directive invalid value", directive.Position);
        return fallback;
    }

    public static TimeSpan Time(DirectiveScope scope, string name, TimeSpan fallback, CompileContext context)
    {
        if (scope.Nearest(name) is not { } directive || directive.Args.Count == 0) return fallback;
        if (ParseTime(directive.Args[0].Value) is { } value) return value;
        context.Error($"\"{name}\" directive invalid value", directive.Position);
        return fallback;
    }

    public static string? Text(DirectiveScope scope, string name) => scope.Nearest(name) is { Args.Count: > 0 } d ? d.Args[0].Value : null;

    public static SourcePosition Where(ConfigDirective directive) => directive.Position;
}
