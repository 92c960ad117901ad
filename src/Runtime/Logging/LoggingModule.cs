using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Logging;

/// <summary>
/// One <c>access_log PATH [FORMAT] [if=COND]</c> destination: an open <see cref="LogFile"/>, or for a path with
/// variables (<see cref="PathValue"/>) a file named per request.
/// </summary>
public sealed record AccessLogTarget(LogFile? File, LogFormat Format, ComplexValue? Condition)
{
    public ComplexValue? PathValue { get; init; }

    /// <summary>The location's <c>open_log_file_cache</c>, for a <see cref="PathValue"/>; null: each line opens the file.</summary>
    public OpenLogFileCache? FileCache { get; init; }
}

/// <summary>A location's logs: where its request errors go, and its access logs (empty = <c>access_log off</c>).</summary>
public sealed record LocationLogs(ErrorLog? ErrorLog, IReadOnlyList<AccessLogTarget> AccessLogs);

/// <summary>
/// ngx_http_log_module and per-level <c>error_log</c>: <c>log_format</c> at http level (with the
/// predefined <c>combined</c>), <c>access_log</c> inherited as nginx inherits array directives,
/// default <c>logs/access.log combined</c>.
/// </summary>
public sealed class LoggingModule : IHttpModule
{
    public string Name => "ngx_http_log_module";

    private sealed class Formats
    {
        public Dictionary<string, (string Text, LogEscape Escape, SourcePosition At)> Definitions { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, LogFormat> Compiled { get; } = new(StringComparer.Ordinal);
        public Dictionary<ConfigDirective, AccessLogTarget?> Targets { get; } = new(ReferenceEqualityComparer.Instance);
        public Dictionary<ConfigDirective, ErrorLog> ErrorLogs { get; } = new(ReferenceEqualityComparer.Instance);
        public Dictionary<ConfigDirective, OpenLogFileCache?> FileCaches { get; } = new(ReferenceEqualityComparer.Instance);
    }

    public void CompileHttp(DirectiveScope http, CompileContext context)
    {
        var formats = context.Features.GetOrAdd(() => new Formats());
        formats.Definitions["combined"] = (LogFormat.CombinedText, LogEscape.Default, default);
        foreach (var directive in http.Own(LogDirectives.LogFormat))
        {
            if (directive.Args.Count < 2) continue;
            var name = directive.Args[0].Value;
            var first = 1;
            var escape = LogEscape.Default;
            if (directive.Args[1].Value.StartsWith("escape=", StringComparison.Ordinal))
            {
                escape = directive.Args[1].Value[7..] switch { "json" => LogEscape.Json, "none" => LogEscape.None, _ => LogEscape.Default };
                first = 2;
            }
            if (formats.Definitions.ContainsKey(name) && name != "combined" || name == "combined" && formats.Definitions[name].At != default)
            {
                context.Error($"duplicate \"log_format\" name \"{name}\"", directive.Position);
                continue;
            }
            formats.Definitions[name] = (string.Concat(directive.Args.Skip(first).Select(a => a.Value)), escape, directive.Position);
        }
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var formats = context.Features.GetOrAdd(() => new Formats());
        var accessDirectives = location.Scope.NearestAll(LogDirectives.AccessLog);
        var targets = new List<AccessLogTarget>();
        if (accessDirectives.Count == 0)
        {
            var path = context.Options.DefaultAccessLogPath;
            if (path.Length > 0)
                targets.Add(new AccessLogTarget(context.LogFile(path is "stderr" ? path : context.ResolvePath(path)), Format(formats, "combined", context, default)!, null));
        }
        else
        {
            // the level's open_log_file_cache, one cache for every location inheriting it (as nginx shares the level's)
            OpenLogFileCache? fileCache = null;
            if (location.Scope.Nearest(LogDirectives.OpenFileCache) is { } cacheDirective && !formats.FileCaches.TryGetValue(cacheDirective, out fileCache))
                formats.FileCaches[cacheDirective] = fileCache = OpenLogFileCache.Compile(cacheDirective, context);
            foreach (var directive in accessDirectives)
            {
                if (!formats.Targets.TryGetValue(directive, out var target))
                    formats.Targets[directive] = target = CompileAccessLog(directive, formats, context);
                if (target is { PathValue: not null } && fileCache is not null) target = target with { FileCache = fileCache };
                if (target is not null) targets.Add(target);
            }
        }

        // error_log at http/server/location level redirects request errors; the main one is the model's.
        ErrorLog? errorLog = null;
        var errorDirectives = location.Scope.NearestAll(ErrorLogDirectives.ErrorLog);
        if (errorDirectives.Count > 0 && FindOwner(location.Scope, errorDirectives[0]) is { Kind: not ScopeKind.Main })
        {
            if (!formats.ErrorLogs.TryGetValue(errorDirectives[0], out errorLog))
                formats.ErrorLogs[errorDirectives[0]] = errorLog = ErrorLogTargets.Compile(errorDirectives, context);
        }
        location.Features.Set(new LocationLogs(errorLog, targets));
    }

    private static DirectiveScope? FindOwner(DirectiveScope scope, ConfigDirective directive)
    {
        for (var s = scope; s is not null; s = s.Parent)
            if (s.Owns(directive)) return s;
        return null;
    }

    private static AccessLogTarget? CompileAccessLog(ConfigDirective directive, Formats formats, CompileContext context)
    {
        if (directive.Args.Count == 0 || directive.Args[0].Value == "off") return null;
        var path = directive.Args[0].Value;
        var formatName = "combined";
        ComplexValue? condition = null;
        foreach (var arg in directive.Args.Skip(1))
        {
            var text = arg.Value;
            if (text.StartsWith("if=", StringComparison.Ordinal)) condition = ComplexValue.Compile(text[3..], context, directive.Position);
            else if (text.StartsWith("buffer=", StringComparison.Ordinal) || text.StartsWith("flush=", StringComparison.Ordinal) || text.StartsWith("gzip", StringComparison.Ordinal)) continue;
            else formatName = text;
        }
        if (path.StartsWith("syslog:", StringComparison.Ordinal)) return null;
        var format = Format(formats, formatName, context, directive.Position);
        if (format is null)
        {
            context.Error($"unknown log format \"{formatName}\"", directive.Position);
            return null;
        }
        if (path.Contains('$') && path != "stderr")
        {
            // ngx_http_log_set_log: the full name (prefix-relative) compiled as a script, evaluated per request.
            if (directive.Args.Skip(1).Any(a => a.Value.StartsWith("buffer=", StringComparison.Ordinal) || a.Value.StartsWith("gzip", StringComparison.Ordinal)))
            {
                context.Error("buffered logs cannot have variables in name", directive.Position);
                return null;
            }
            return new AccessLogTarget(null, format, condition) { PathValue = ComplexValue.Compile(context.ResolvePath(path), context, directive.Position) };
        }
        return new AccessLogTarget(context.LogFile(path == "stderr" ? "stderr" : context.ResolvePath(path)), format, condition);
    }

    private static LogFormat? Format(Formats formats, string name, CompileContext context, SourcePosition at)
    {
        if (formats.Compiled.TryGetValue(name, out var compiled)) return compiled;
        if (!formats.Definitions.TryGetValue(name, out var definition)) return null;
        compiled = LogFormat.Compile(name, definition.Text, definition.Escape, context, definition.At == default ? at : definition.At);
        formats.Compiled[name] = compiled;
        return compiled;
    }
}

/// <summary>The log phase: one line per access log of the location that finished the request.</summary>
public static class AccessLogWriter
{
    public static void Write(NginxRequest request)
    {
        var logs = request.Location.Features.Get<LocationLogs>();
        if (logs is null) return;
        foreach (var target in logs.AccessLogs)
        {
            if (target.Condition is { } condition && condition.Evaluate(request) is "" or "0") continue;
            if (target.File is { } file) file.WriteLine(target.Format.Render(request));
            else if (target.PathValue is { } path && RootExists(request))
            {
                if (target.FileCache is { } cache) cache.Append(path.Evaluate(request), target.Format.Render(request));
                else LogFile.AppendOnce(path.Evaluate(request), target.Format.Render(request));
            }
        }
    }

    /// <summary>
    /// ngx_http_log_script_write writes a log named by variables only when the request's root directory
    /// exists (so a request cannot create files in a directory nobody set up); otherwise it logs why and
    /// drops the line.
    /// </summary>
    private static bool RootExists(NginxRequest request)
    {
        var root = request.Location.Core.Root;
        if (Directory.Exists(root)) return true;
        var reason = File.Exists(root) ? "20: Not a directory" : "2: No such file or directory";
        request.LogError($"testing \"{root}\" existence failed ({reason})");
        return false;
    }
}
