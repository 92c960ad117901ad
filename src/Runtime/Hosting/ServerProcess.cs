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
/// Compiling starts nothing: this class starts what a model needs (<see cref="StartServingAsync"/>)
/// before swapping it in, and retires what the serving model no longer uses (<see cref="RetireAsync"/>).
/// Everything it holds is in its <see cref="Cycle"/>, so two processes can run in one test run.
/// </summary>
public sealed class ServerProcess
{
    private const PosixSignal SigQuit = (PosixSignal)3;
    private const PosixSignal SigUsr1 = (PosixSignal)10;

    private readonly Func<ProcessCycle, CompileResult> _compile;
    private readonly TextWriter _console;
    private readonly Dictionary<ListenAddress, ListenerHost> _listeners = new();
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly TaskCompletionSource<bool> _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ModelHolder? _models;
    private Health.HealthChecker? _healthChecks;
    private MemoryTrim? _memoryTrim;

    /// <param name="compile">Reads the config files afresh and compiles them for the given process (at start and on every reload).</param>
    /// <param name="console">Where start-up errors and warnings go besides the error log (stderr).</param>
    /// <param name="cycle">What the process holds (a fresh one when null).</param>
    public ServerProcess(Func<ProcessCycle, CompileResult> compile, TextWriter console, ProcessCycle? cycle = null)
    {
        _compile = compile;
        _console = console;
        Cycle = cycle ?? new ProcessCycle();
    }

    /// <summary>The process's log files, running workers, counters, HTTP clients.</summary>
    public ProcessCycle Cycle { get; }

    /// <summary>Handle QUIT, TERM, INT, HUP and USR1 as nginx does (off for a process hosted inside a test).</summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>Completes with true once every socket is bound and the pid file written, false when the start failed.</summary>
    public Task<bool> Serving => _serving.Task;

    /// <summary>Told one line per listener once the process serves (besides the error log at notice level).</summary>
    public Action<string>? Announce { get; init; }

    /// <summary>What the last compile read (one line), written to the error log at notice before the listener lines.</summary>
    public Func<string?>? LoadSummary { get; init; }

    /// <summary>Runs until a stop signal; returns the exit code (1 when the config or a socket fails at start).</summary>
    public async Task<int> RunAsync(string? errorLogAtStart)
    {
        try
        {
            var code = await ServeAsync(errorLogAtStart);
            await Cycle.DisposeAsync();
            return code;
        }
        finally
        {
            _serving.TrySetResult(false);
        }
    }

    private async Task<int> ServeAsync(string? errorLogAtStart)
    {
        // First, before anything writes to the console: that initializes .NET's signal handling, which
        // resetting QUIT and INT to their defaults (RegisterSignals) would then undo.
        using var registrations = HandleSignals ? RegisterSignals() : null;
        // nginx's -e log is the process's from the start; a config naming the same file shares it.
        var startFiles = errorLogAtStart is null ? [] : new[] { new LogFile(errorLogAtStart) };
        Cycle.LogFiles.Adopt(startFiles);
        var startLog = new ErrorLog(startFiles.Select(f => (f, LogLevel.Error)));
        var first = _compile(Cycle);
        if (first.Model is not { } model)
        {
            // nginx stops at its first error and reports that one.
            var error = first.Diagnostics.First(d => d.Severity == NginxConf.Diagnostics.Severity.Error);
            Emerg(startLog, error.NginxText);
            return 1;
        }

        foreach (var file in model.ErrorLog.Files)
        {
            if (file.TryOpen() is { } failure)
            {
                Emerg(startLog, failure);
                return 1;
            }
        }
        if (MakeDirectories(model) is { } mkdirFailure)
        {
            Emerg(startLog, mkdirFailure);
            return 1;
        }
        // As nginx at start-up: each warning (a directive accepted but ignored...) once, on stderr and in the error log.
        foreach (var warning in first.Diagnostics.Where(d => d.Severity == NginxConf.Diagnostics.Severity.Warning))
        {
            _console.WriteLine($"proxyserver: [warn] {warning.NginxText}");
            model.ErrorLog.Write(LogLevel.Warn, warning.NginxText);
        }

        // nginx binds every socket before it serves; one it cannot bind fails the start.
        if (await BindAsync(model, (level, message) => { if (level == LogLevel.Emerg) Emerg(model.ErrorLog, message); else model.ErrorLog.Write(level, message); }) is not { } bound)
            return 1;
        await StartServingAsync(model);
        _models = new ModelHolder(model);
        await RetireAsync(null, model);
        await ApplyListenersAsync(model, bound, (_, message) => Emerg(model.ErrorLog, message));

        AnnounceListeners(model); // before the pid file: whoever waits for it finds the lines written
        if (WritePid(model.Main.PidPath) is { } pidFailure)
        {
            Emerg(model.ErrorLog, pidFailure);
            await StopListenersAsync(CancellationToken.None);
            return 1;
        }
        _healthChecks = Health.HealthChecker.Start(model, Cycle.HealthVerdicts);
        _memoryTrim = MemoryTrim.Start(Cycle.Connections);
        _serving.TrySetResult(true);
        var graceful = await _stop.Task;

        using var cancel = new CancellationTokenSource();
        if (!graceful) cancel.Cancel();
        else if (_models.Current.Main.ShutdownTimeout > TimeSpan.Zero) cancel.CancelAfter(_models.Current.Main.ShutdownTimeout);
        await StopListenersAsync(cancel.Token);
        if (_healthChecks is not null) await _healthChecks.DisposeAsync();
        if (_memoryTrim is not null) await _memoryTrim.DisposeAsync();
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
            var result = _compile(Cycle);
            if (result.Model is not { } next)
            {
                // The compile started nothing: the serving model keeps what it runs, and nothing else runs.
                var error = result.Diagnostics.First(d => d.Severity == NginxConf.Diagnostics.Severity.Error);
                current.ErrorLog.Write(LogLevel.Emerg, error.NginxText);
                return false;
            }
            foreach (var file in next.ErrorLog.Files) file.TryOpen();
            if (MakeDirectories(next) is { } mkdirFailure)
            {
                current.ErrorLog.Write(LogLevel.Emerg, mkdirFailure);
                return false;
            }
            // ngx_init_cycle opens the new sockets before the new cycle serves: one that cannot be bound
            // fails the reload, and the old configuration keeps serving on its sockets.
            if (await BindAsync(next, current.ErrorLog.Write) is not { } bound) return false;
            foreach (var warning in result.Diagnostics.Where(d => d.Severity == NginxConf.Diagnostics.Severity.Warning))
                next.ErrorLog.Write(LogLevel.Warn, warning.NginxText);
            await StartServingAsync(next);
            _models.Swap(next);
            await SwapHealthChecksAsync(next);
            await RetireAsync(current, next);
            await ApplyListenersAsync(next, bound, next.ErrorLog.Write);
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

    /// <summary>
    /// What <paramref name="model"/> needs running, started before it serves: its log files join the
    /// process's, the dynamic parts' lines go to its error log, its new etcd watches and DNS refreshers
    /// start (their first answers awaited, bounded) and its live groups follow them, its health-checked
    /// peers get their starting states (the verdicts kept across reloads).
    /// </summary>
    /// <summary>ngx_create_paths: each directory the model writes into exists, or nginx's mkdir() error.</summary>
    private static string? MakeDirectories(RuntimeModel model)
    {
        foreach (var directory in model.Resources.Directories)
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"mkdir() \"{directory}\" failed ({MkdirErrno(directory, e)})";
            }
        }
        return null;
    }

    /// <summary>The errno mkdir() met: a file where a directory should be, no permission, or a missing parent.</summary>
    private static string MkdirErrno(string directory, Exception e)
    {
        for (var parent = Path.GetDirectoryName(directory); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent)) return "20: Not a directory";
            if (Directory.Exists(parent)) break;
        }
        return e is UnauthorizedAccessException ? "13: Permission denied" : "2: No such file or directory";
    }

    private async Task StartServingAsync(RuntimeModel model)
    {
        Cycle.LogFiles.Adopt(model.Resources.LogFiles);
        // ngx_init_cycle opens every file the config names (error logs at any level, access logs without variables), so
        // one nothing writes to yet exists from the start. Unlike nginx only the main error log's failure stops the start
        // (above): another file that cannot be opened is tried again at its first line, as before this opened them.
        foreach (var file in model.Resources.LogFiles) file.TryOpen();
        Cycle.SharedMemory.Adopt(model.Resources.SharedZones);
        Cycle.Dynamic.Log.Bind(model.ErrorLog);
        if (model.Resources.Dynamic is { } dynamic) await Cycle.Dynamic.StartAsync(dynamic);
        model.Resources.HealthChecks?.Restore(Cycle.HealthVerdicts);
    }

    /// <summary>
    /// <paramref name="serving"/> serves in place of <paramref name="replaced"/>: what only the replaced model
    /// used stops (its live groups, etcd watches and DNS refreshers no longer used; log files no longer named
    /// are closed). Requests still in flight on the replaced model keep its last snapshots.
    /// </summary>
    private async Task RetireAsync(RuntimeModel? replaced, RuntimeModel serving)
    {
        await Cycle.Dynamic.RetireAsync(replaced?.Resources.Dynamic, serving.Resources.Dynamic);
        Cycle.LogFiles.RetainOnly(serving.Resources.LogFiles);
        await Cycle.SharedMemory.RetainOnlyAsync(serving.Resources.SharedZones);
    }

    /// <summary><c>listening on 127.0.0.1:8080 ssl: 2 servers, default "front"</c>, one line per bound socket.</summary>
    private void AnnounceListeners(RuntimeModel model)
    {
        if (LoadSummary?.Invoke() is { } summary) model.ErrorLog.Write(LogLevel.Notice, summary);
        foreach (var socket in model.Sockets)
        {
            var covered = model.Addresses.Where(a => ListenAddress.Format(a.EndPoint) == socket.Text
                || (socket.IsWildcard && a.EndPoint is IPEndPoint ip && ip.Port == ListenAddress.PortOf(socket.EndPoint))).ToList();
            var servers = covered.SelectMany(a => a.Servers).Distinct().Count();
            var byDefault = covered.FirstOrDefault(a => ListenAddress.Format(a.EndPoint) == socket.Text)?.DefaultServer ?? covered.FirstOrDefault()?.DefaultServer;
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
        _healthChecks = Health.HealthChecker.Start(next, Cycle.HealthVerdicts);
        if (old is not null) await old.DisposeAsync();
    }

    /// <summary>
    /// ngx_open_listening_sockets: binds each socket of <paramref name="model"/> whose endpoint no listener of the
    /// process holds. A socket in use is tried again after 500 ms, five tries in all, each failure logged as
    /// nginx logs it, then <c>still could not bind()</c>; any other failure ends at once. Null when a socket
    /// could not be bound (those bound are closed again); else the bound sockets, not yet listening.
    /// </summary>
    private async Task<Dictionary<ListenAddress, Socket>?> BindAsync(RuntimeModel model, Action<LogLevel, string> log)
    {
        var held = _listeners.Keys.Select(a => a.EndPoint).ToHashSet();
        var pending = model.Sockets.Where(s => !held.Contains(s.EndPoint)).ToList();
        var bound = new Dictionary<ListenAddress, Socket>();
        for (var tries = 5; tries > 0; tries--)
        {
            foreach (var address in pending.ToList())
            {
                try
                {
                    bound[address] = ListenerHost.Bind(address);
                    pending.Remove(address);
                }
                catch (Exception e) when (e is SocketException or DirectoryNotFoundException)
                {
                    log(LogLevel.Emerg, BindFailure(address, e));
                    if (e is not SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
                        return CloseAll(bound);
                }
            }
            if (pending.Count == 0) return bound;
            log(LogLevel.Notice, "try again to bind() after 500ms");
            await Task.Delay(500);
        }
        log(LogLevel.Emerg, "still could not bind()");
        return CloseAll(bound);
    }

    private static Dictionary<ListenAddress, Socket>? CloseAll(Dictionary<ListenAddress, Socket> bound)
    {
        foreach (var socket in bound.Values) socket.Dispose();
        return null;
    }

    /// <summary>
    /// Stops the hosts of sockets the model no longer has, then serves the model's sockets: those
    /// <see cref="BindAsync"/> bound, and those whose endpoint a stopped host held with other parameters
    /// (<c>ssl</c>, <c>backlog</c> ...), bound now that it is free (a failure there is logged; the socket is left out).
    /// </summary>
    private async Task ApplyListenersAsync(RuntimeModel model, Dictionary<ListenAddress, Socket> bound, Action<LogLevel, string> log)
    {
        var wanted = model.Sockets.ToHashSet();
        foreach (var (address, host) in _listeners.ToList())
        {
            if (wanted.Contains(address)) continue;
            _listeners.Remove(address);
            await host.StopAsync(CancellationToken.None);
            await host.DisposeAsync();
        }
        foreach (var socket in model.Sockets)
        {
            if (_listeners.ContainsKey(socket)) continue;
            if (!bound.TryGetValue(socket, out var listening))
            {
                try
                {
                    listening = ListenerHost.Bind(socket);
                }
                catch (Exception e) when (e is SocketException or DirectoryNotFoundException)
                {
                    log(LogLevel.Emerg, BindFailure(socket, e));
                    continue;
                }
            }
            _listeners[socket] = await ListenerHost.StartAsync(socket, listening, _models!, model.Limits, Cycle.Connections);
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
                Cycle.LogFiles.ReopenAll();
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
        // a unix socket's missing directory: BindUnixSocket words it as nginx's bind() does
        var reason = e switch
        {
            DirectoryNotFoundException missing => missing.Message,
            SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } => "98: Address already in use",
            SocketException { SocketErrorCode: SocketError.AccessDenied } => "13: Permission denied",
            SocketException { SocketErrorCode: SocketError.AddressNotAvailable } => "99: Cannot assign requested address",
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

    private sealed class Registrations(List<PosixSignalRegistration> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}
