using System.Globalization;
using System.Text;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Logging;

/// <summary>
/// Writes nginx's error-log lines:
/// <c>2026/11/27 07:00:00 [error] PID#TID: *CID message, client: ADDR, server: NAME, request: "LINE", host: "HOST"</c>.
/// </summary>
public sealed class ErrorLog
{
    private readonly (LogFile File, LogLevel Level)[] _targets;
    /// <summary>The most verbose level any target takes (nginx's log->log_level over the chain).</summary>
    private readonly LogLevel _mostVerbose;

    /// <param name="targets">The files and their levels (a compile gets its files from <c>CompileContext.LogFile</c>).</param>
    public ErrorLog(IEnumerable<(LogFile File, LogLevel Level)> targets)
    {
        _targets = targets.ToArray();
        _mostVerbose = _targets.Length == 0 ? LogLevel.Emerg - 1 : _targets.Max(t => t.Level);
    }

    public static readonly ErrorLog None = new([]);

    public IEnumerable<LogFile> Files => _targets.Select(t => t.File);

    public bool Enabled(LogLevel level) => level <= _mostVerbose;

    /// <summary>
    /// A request's debug line (ngx_log_debug: nginx appends no context to debug lines). Only the few steps we
    /// trace are written (see README: nginx's debug log says far more), for the logs at <c>debug</c>.
    /// </summary>
    public void Debug(long connection, string message) => Emit(LogLevel.Debug, Line(LogLevel.Debug, connection, message));

    /// <summary>Whether a target takes debug lines (callers test it before building one).</summary>
    public bool DebugEnabled => _mostVerbose == LogLevel.Debug;

    /// <summary>A process-level message (start, reload, signals): no request context.</summary>
    public void Write(LogLevel level, string message) => Emit(level, Line(level, null, message));

    /// <summary>
    /// A request-level message with nginx's trailing context:
    /// <c>, client: A, server: S, request: "R"[, subrequest: "URI"][, upstream: "U"][, host: "H"]</c>
    /// (ngx_http_log_error_handler; a subrequest's lines carry the client's request line and its own URI).
    /// </summary>
    public void Write(LogLevel level, NginxRequest request, string message, string? upstream = null)
    {
        if (!Enabled(level)) return;
        var text = new StringBuilder(message);
        // A message may name its step itself ("... while sending response to client"); "cycle while processing" is its own text.
        if (request.Main.LogAction is { } action && !message.EndsWith(" while " + action, StringComparison.Ordinal)) text.Append(" while ").Append(action);
        text.Append(", client: ").Append(request.Client.Text);
        text.Append(", server: ").Append(request.Server.PrimaryName);
        text.Append(", request: \"").Append(request.RequestLine).Append('"');
        if (request.IsSubrequest) text.Append(", subrequest: \"").Append(request.Uri).Append('"');
        if (upstream is not null) text.Append(", upstream: \"").Append(upstream).Append('"');
        if (request.Host.Length > 0 || request.Http.Request.Headers.ContainsKey("Host"))
            text.Append(", host: \"").Append(request.Http.Request.Headers.Host.ToString()).Append('"');
        Emit(level, Line(level, request.ConnectionId, text.ToString()));
    }

    private void Emit(LogLevel level, string line)
    {
        foreach (var (file, threshold) in _targets)
            if (level <= threshold) file.WriteLine(line);
    }

    private static string Line(LogLevel level, long? connection, string message)
    {
        var now = DateTime.Now.ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture);
        var pid = Environment.ProcessId;
        var prefix = $"{now} [{LogLevels.Name(level)}] {pid}#{pid}: ";
        return connection is { } id ? $"{prefix}*{id} {message}" : prefix + message;
    }
}
