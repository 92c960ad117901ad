using System.Globalization;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Compile;

/// <summary>
/// nginx's value syntaxes the runtime reads: sizes (<c>1m</c>), times (<c>30s</c>, <c>1h 30m</c>),
/// flags (<c>on|off</c>). Errors use nginx's wording (<c>"client_max_body_size" directive invalid value</c>).
/// </summary>
/// <remarks>Interim: the directives helper's public value parsers replace these once they land.</remarks>
public static class ConfigValues
{
    /// <summary>ngx_parse_offset: a byte count with optional k/m/g.</summary>
    public static long? ParseSize(string text)
    {
        if (text.Length == 0) return null;
        long scale = char.ToLowerInvariant(text[^1]) switch { 'k' => 1024, 'm' => 1024 * 1024, 'g' => 1024L * 1024 * 1024, _ => 1 };
        var digits = scale == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value * scale : null;
    }

    /// <summary>ngx_parse_time: <c>ms s m h d w M y</c> units, several may follow each other; a bare number is seconds.</summary>
    public static TimeSpan? ParseTime(string text)
    {
        if (text.Length == 0) return null;
        double totalMs = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start) return null;
            var number = double.Parse(text[start..i], CultureInfo.InvariantCulture);
            double unitMs;
            if (i == text.Length) unitMs = 1000;
            else if (string.CompareOrdinal(text, i, "ms", 0, 2) == 0) { unitMs = 1; i += 2; }
            else
            {
                unitMs = text[i] switch
                {
                    's' => 1000, 'm' => 60_000, 'h' => 3_600_000, 'd' => 86_400_000,
                    'w' => 7 * 86_400_000.0, 'M' => 30 * 86_400_000.0, 'y' => 365 * 86_400_000.0, _ => -1,
                };
                if (unitMs < 0) return null;
                i++;
            }
            totalMs += number * unitMs;
            while (i < text.Length && text[i] == ' ') i++;
        }
        return TimeSpan.FromMilliseconds(totalMs);
    }

    public static bool? ParseFlag(string text) => text.ToLowerInvariant() switch { "on" => true, "off" => false, _ => null };

    /// <summary>Reads the nearest <paramref name="name"/> as a flag, reporting nginx's error on bad input.</summary>
    public static bool Flag(DirectiveScope scope, string name, bool fallback, CompileContext context)
    {
        if (scope.Nearest(name) is not { } directive || directive.Args.Count == 0) return fallback;
        if (ParseFlag(directive.Args[0].Value) is { } value) return value;
        context.Error($"invalid value \"{directive.Args[0].Value}\" in \"{name}\" directive, it must be \"on\" or \"off\"", directive.Position);
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
