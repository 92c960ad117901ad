using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Logging;

/// <summary><c>error_log FILE [LEVEL]</c>: several may stand at one level; <c>stderr</c> is standard error.</summary>
public static class ErrorLogDirectives
{
    /// <summary>The error log these directives name, on the compile's files.</summary>
    public static ErrorLog Compile(IEnumerable<ConfigDirective> directives, CompileContext context) =>
        new(Parse(directives, context).Select(t => (context.LogFile(t.Path), t.Level)));

    public static IReadOnlyList<ErrorLogTarget> Parse(IEnumerable<ConfigDirective> directives, CompileContext context)
    {
        var targets = new List<ErrorLogTarget>();
        foreach (var directive in directives)
        {
            if (directive.Args.Count == 0) continue;
            var path = directive.Args[0].Value;
            var level = LogLevel.Error;
            if (directive.Args.Count > 1)
            {
                if (LogLevels.Parse(directive.Args[1].Value) is { } parsed) level = parsed;
                else context.Error($"invalid log level \"{directive.Args[1].Value}\"", directive.Position);
            }
            if (path.StartsWith("syslog:", StringComparison.Ordinal) || path.StartsWith("memory:", StringComparison.Ordinal))
                continue; // accepted; not written
            targets.Add(new ErrorLogTarget(path == "stderr" ? "stderr" : context.ResolvePath(path), level));
        }
        return targets;
    }
}
