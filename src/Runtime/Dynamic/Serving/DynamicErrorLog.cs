using Microsoft.Extensions.Logging;
using NginxLogLevel = ProxyServer.Runtime.Logging.LogLevel;

namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// The error log of the dynamic parts that outlive one model (etcd watches, DNS refreshers): lines go
/// to the error log of the model currently serving, bound by the process as it swaps a model in;
/// lines written before the first model serves wait (up to a bound) and are flushed then.
/// </summary>
public sealed class DynamicErrorLog : ILogger
{
    private const int MaxPending = 1000;

    private readonly Queue<(NginxLogLevel Level, string Text)> _pending = new();
    private volatile Logging.ErrorLog? _target;

    /// <summary>Points the log at <paramref name="log"/> (cheap when already so) and flushes what waited.</summary>
    public void Bind(Logging.ErrorLog log)
    {
        if (ReferenceEquals(_target, log)) return;
        lock (_pending)
        {
            _target = log;
            while (_pending.TryDequeue(out var line)) log.Write(line.Level, line.Text);
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var level = logLevel switch
        {
            LogLevel.Critical => NginxLogLevel.Crit,
            LogLevel.Error => NginxLogLevel.Error,
            LogLevel.Warning => NginxLogLevel.Warn,
            LogLevel.Information => NginxLogLevel.Info,
            _ => NginxLogLevel.Debug,
        };
        var text = formatter(state, exception);
        if (_target is { } target)
        {
            target.Write(level, text);
            return;
        }
        lock (_pending)
        {
            if (_target is { } bound) bound.Write(level, text);
            else if (_pending.Count < MaxPending) _pending.Enqueue((level, text));
        }
    }
}
