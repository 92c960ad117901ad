using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>Checks of <c>access_log</c>, <c>log_format</c> and <c>error_log</c>.</summary>
public static class LogChecks
{
    public static readonly IReadOnlyList<string> Levels = ["debug", "info", "notice", "warn", "error", "crit", "alert", "emerg"];

    /// <summary>nginx reads formats while parsing: a format must be defined before an <c>access_log</c> uses it.</summary>
    public static void AccessLog(DirectiveUse use)
    {
        var args = use.Args;
        if (args[0].Value == "off") return;
        for (var i = 1; i < args.Count; i++)
        {
            var text = args[i].Value;
            if (i == 1 && !text.Contains('='))
            {
                if (text != "gzip" && !use.Facts.LogFormats.Contains(text))
                {
                    use.Error($"unknown log format \"{text}\"", args[i]);
                    return;
                }
                continue;
            }
            var valid = text switch
            {
                _ when text.StartsWith("buffer=", StringComparison.Ordinal) => NginxSize.TryParse(text[7..], out _),
                _ when text.StartsWith("flush=", StringComparison.Ordinal) => NginxTime.TryParse(text[6..], out _),
                _ when text.StartsWith("if=", StringComparison.Ordinal) => text.Length > 3,
                "gzip" => true,
                _ when text.StartsWith("gzip=", StringComparison.Ordinal) => int.TryParse(text[5..], out var level) && level is >= 1 and <= 9,
                _ => false,
            };
            if (!valid)
            {
                use.Error($"invalid parameter \"{text}\"", args[i]);
                return;
            }
        }
    }

    public static void LogFormat(DirectiveUse use)
    {
        var name = use.Args[0].Value;
        if (!use.Facts.LogFormats.Add(name))
            use.Error($"duplicate \"log_format\" name \"{name}\"", use.Args[0]);
    }

    /// <summary><c>error_log FILE [LEVEL]</c>.</summary>
    public static void ErrorLog(DirectiveUse use)
    {
        foreach (var arg in use.Args.Skip(1))
            if (!Levels.Contains(arg.Value) && !arg.Value.StartsWith("debug_", StringComparison.Ordinal))
            {
                use.Error($"invalid log level \"{arg.Value}\"", arg);
                return;
            }
    }
}
