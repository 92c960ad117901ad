namespace ProxyServer.Runtime.Logging;

/// <summary>nginx's error-log levels, most severe first (a log at level L writes L and everything more severe).</summary>
public enum LogLevel { Emerg, Alert, Crit, Error, Warn, Notice, Info, Debug }

public static class LogLevels
{
    public static LogLevel? Parse(string text) => text switch
    {
        "emerg" => LogLevel.Emerg, "alert" => LogLevel.Alert, "crit" => LogLevel.Crit, "error" => LogLevel.Error,
        "warn" => LogLevel.Warn, "notice" => LogLevel.Notice, "info" => LogLevel.Info, "debug" => LogLevel.Debug,
        _ => null,
    };

    public static string Name(LogLevel level) => level.ToString().ToLowerInvariant();
}

/// <summary>One <c>error_log FILE [level]</c> destination.</summary>
public sealed record ErrorLogTarget(string Path, LogLevel Level);
