using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Runtime.Hosting;

/// <summary>
/// nginx's process contract in the foreground: compile, open logs, bind every socket, then write
/// the pid file; QUIT stops gracefully (requests in flight finish), TERM/INT stop fast, HUP
/// reloads (a bad config keeps the old one serving and logs why), USR1 reopens log files.
/// </summary>
public sealed class ServerProcess
{
    private const PosixSignal SigQuit = (PosixSignal)3;
    private const PosixSignal SigUsr1 = (PosixSignal)10;

    private readonly Func<CompileResult> _compile;
    private readonly TextWriter _console;
    private readonly Dictionary<ListenAddress, ListenerHost> _listeners = new();
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly TaskCompletionSource<bool> _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ModelHolder? _models;
    private Health.HealthChecker? _healthChecks;

    /// <param name="compile">Reads the config files afresh and compiles them (called at start and on every reload).</param>
    /// <param name="console">Where start-up errors go besides the error log (stderr).</param>
    public ServerProcess(Func<CompileResult> compile, TextWriter console)
    {
        _compile = compile;
        _console = console;
    }

    /// <summary>Told one line per listener once the process serves (besides the error log at notice level).</summary>
    public Action<string>? Announce { get; init; }

    /// <summary>What the last compile read (one line), written to the error log at notice before the listener lines.</summary>
    public Func<string?>? LoadSummary { get; init; }

    /// <summary>Runs until a stop signal; returns the exit code (1 when the config or a socket fails at start).</summary>
    public async Task<int> RunAsync(string? errorLogAtStart)
    {
        var first = _compile();
        var startLog = new ErrorLog(errorLogAtStart is null ? [] : [new ErrorLogTarget(errorLogAtStart, LogLevel.Error)]);
        if (first.Model is not { } model)
        {
            // nginx stops at its first error and reports that one.
            var error = first.Diagnostics.First(d => d.Severity == NginxConf.Diagnostics.Severity.Error);
            Emerg(startLog, error.NginxText);
            return 1;
        }
        foreach (var warning in first.Diagnostics.Where(d => d.Severity == NginxConf.Diagnostics.Severity.Warning))
            model.ErrorLog.Write(LogLevel.Warn, warning.NginxText);

        foreach (var file in model.ErrorLog.Files)
        {
            if (file.TryOpen() is { } failure)
            {
                Emerg(startLog, failure);
                return 1;
            }
        }

        _models = new ModelHolder(model);
        using var registrations = RegisterSignals();
        try
        {
            await ApplyListenersAsync(model);
        }
        catch (BindException e)
        {
            Emerg(model.ErrorLog, e.Message);
            await StopListenersAsync(CancellationToken.None);
            return 1;
        }

        AnnounceListeners(model); // before the pid file: whoever waits for it finds the lines written
        if (WritePid(model.Main.PidPath) is { } pidFailure)
        {
            Emerg(model.ErrorLog, pidFailure);
            await StopListenersAsync(CancellationToken.None);
            return 1;
        }
        _healthChecks = Health.HealthChecker.Start(model);
        var graceful = await _stop.Task;

        using var cancel = new CancellationTokenSource();
        if (!graceful) cancel.Cancel();
        else if (_models.Current.Main.ShutdownTimeout > TimeSpan.Zero) cancel.CancelAfter(_models.Current.Main.ShutdownTimeout);
        await StopListenersAsync(cancel.Token);
        if (_healthChecks is not null) await _healthChecks.DisposeAsync();
        LogFile.FlushAll();
        DeletePid(_models.Current.Main.PidPath);
        return 0;
    }

    /// <summary>Stops the process: gracefully (QUIT) or fast (TERM, INT).</summary>
    public void Stop(bool graceful) => _stop.TrySetResult(graceful);

    /// <summary>HUP: compile anew; swap on success, keep serving the old model and log why on failure.</summary>
    public async Task<bool> ReloadAsync(string reason = "signal 1 (SIGHUP) received from process, reconfiguring")
    {
        if (_models is null) return false;
        await _reloadGate.WaitAsync();
        try
        {
            var current = _models.Current;
            current.ErrorLog.Write(LogLevel.Notice, reason);
            var result = _compile();
            if (result.Model is not { } next)
            {
                var error = result.Diagnostics.First(d => d.Severity == NginxConf.Diagnostics.Severity.Error);
                current.ErrorLog.Write(LogLevel.Emerg, error.NginxText);
                // What the refused compile started (a changed kv_source's watch) stops; the serving model keeps its own.
                await Dynamic.Serving.DynamicRetirement.RetireUnusedAsync(current);
                return false;
            }
            foreach (var file in next.ErrorLog.Files) file.TryOpen();
            try
            {
                _models.Swap(next);
                await SwapHealthChecksAsync(next);
                await Dynamic.Serving.DynamicRetirement.RetireUnusedAsync(next);
                await ApplyListenersAsync(next);
            }
            catch (BindException e)
            {
                current.ErrorLog.Write(LogLevel.Emerg, e.Message);
            }
            if (current.Main.PidPath != next.Main.PidPath)
            {
                DeletePid(current.Main.PidPath);
                WritePid(next.Main.PidPath);
            }
            return true;
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    /// <summary><c>listening on 127.0.0.1:8080 ssl: 2 servers, default "front"</c>, one line per bound socket.</summary>
    private void AnnounceListeners(RuntimeModel model)
    {
        if (LoadSummary?.Invoke() is { } summary) model.ErrorLog.Write(LogLevel.Notice, summary);
        foreach (var socket in model.Sockets)
        {
            var covered = model.Addresses.Where(a => a.EndPoint.Port == socket.EndPoint.Port && (socket.IsWildcard || a.EndPoint.Equals(socket.EndPoint))).ToList();
            var servers = covered.SelectMany(a => a.Servers).Distinct().Count();
            var byDefault = covered.FirstOrDefault(a => a.EndPoint.Equals(socket.EndPoint))?.DefaultServer ?? covered.FirstOrDefault()?.DefaultServer;
            var flags = (socket.Ssl ? " ssl" : "") + (socket.Http2 ? " http2" : "");
            var line = $"listening on {socket.Text}{flags}: {servers} server{(servers == 1 ? "" : "s")}" +
                       (byDefault is null ? "" : $", default \"{byDefault.PrimaryName}\"");
            model.ErrorLog.Write(LogLevel.Notice, line);
            Announce?.Invoke(line);
        }
    }

    /// <summary>The replaced model's peers take no more requests: stop checking them, check the new ones.</summary>
    private async Task SwapHealthChecksAsync(RuntimeModel next)
    {
        var old = _healthChecks;
        _healthChecks = Health.HealthChecker.Start(next);
        if (old is not null) await old.DisposeAsync();
    }

    /// <summary>Starts hosts for sockets the model has and the process lacks; stops those it no longer has.</summary>
    private async Task ApplyListenersAsync(RuntimeModel model)
    {
        var wanted = model.Sockets.ToDictionary(s => s.EndPoint);
        foreach (var (address, host) in _listeners.ToList())
        {
            if (wanted.TryGetValue(address.EndPoint, out var again) && again == address) continue;
            _listeners.Remove(address);
            await host.StopAsync(CancellationToken.None);
            await host.DisposeAsync();
        }
        foreach (var socket in model.Sockets)
        {
            if (_listeners.ContainsKey(socket)) continue;
            try
            {
                _listeners[socket] = await ListenerHost.StartAsync(socket, _models!, model.Limits);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                throw new BindException(BindFailure(socket, e));
            }
        }
    }

    private async Task StopListenersAsync(CancellationToken cancel)
    {
        var hosts = _listeners.Values.ToList();
        _listeners.Clear();
        await Task.WhenAll(hosts.Select(async host =>
        {
            try { await host.StopAsync(cancel); } catch (OperationCanceledException) { }
            await host.DisposeAsync();
        }));
    }

    [DllImport("libc", EntryPoint = "signal")]
    private static extern IntPtr SetSignalDisposition(int signal, IntPtr handler);

    private IDisposable RegisterSignals()
    {
        // A shell starts background jobs with INT and QUIT ignored, and .NET leaves a signal
        // that was ignored at start ignored; nginx handles them regardless, so we reset them first.
        if (OperatingSystem.IsLinux())
        {
            SetSignalDisposition(2, IntPtr.Zero);
            SetSignalDisposition(3, IntPtr.Zero);
        }
        var registrations = new List<PosixSignalRegistration>
        {
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; Stop(graceful: false); }),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; Stop(graceful: false); }),
            PosixSignalRegistration.Create(SigQuit, context => { context.Cancel = true; Stop(graceful: true); }),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => { context.Cancel = true; _ = ReloadAsync(); }),
            PosixSignalRegistration.Create(SigUsr1, context =>
            {
                context.Cancel = true;
                LogFile.ReopenAll();
                _models?.Current.ErrorLog.Write(LogLevel.Notice, "signal 10 (SIGUSR1) received from process, reopening logs");
            }),
        };
        return new Registrations(registrations);
    }

    private void Emerg(ErrorLog log, string message)
    {
        _console.WriteLine($"proxyserver: [emerg] {message}");
        log.Write(LogLevel.Emerg, message);
    }

    /// <summary>nginx's wording: <c>bind() to 0.0.0.0:80 failed (98: Address already in use)</c>.</summary>
    private static string BindFailure(ListenAddress address, Exception e)
    {
        var socket = e as SocketException ?? e.InnerException as SocketException;
        var reason = socket?.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => "98: Address already in use",
            SocketError.AccessDenied => "13: Permission denied",
            SocketError.AddressNotAvailable => "99: Cannot assign requested address",
            _ => e.Message,
        };
        return $"bind() to {address.Text} failed ({reason})";
    }

    private static string? WritePid(string path)
    {
        if (path.Length == 0) return null;
        try
        {
            File.WriteAllText(path, Environment.ProcessId + "\n");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is DirectoryNotFoundException ? "2: No such file or directory" : e is UnauthorizedAccessException ? "13: Permission denied" : e.Message;
            return $"open() \"{path}\" failed ({reason})";
        }
    }

    private static void DeletePid(string path)
    {
        if (path.Length == 0) return;
        try
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() == Environment.ProcessId.ToString()) File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private sealed class BindException(string message) : Exception(message);

    private sealed class Registrations(List<PosixSignalRegistration> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}
