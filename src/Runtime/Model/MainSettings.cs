using ProxyServer.Runtime.Logging;

namespace ProxyServer.Runtime.Model;

/// <summary>Main-context settings the process needs: where the pid file goes and the main error log.</summary>
public sealed record MainSettings
{
    public required string PidPath { get; init; }
    public required IReadOnlyList<ErrorLogTarget> ErrorLogs { get; init; }
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.Zero;
    public string Prefix { get; init; } = "";
}
