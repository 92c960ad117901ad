using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Compile;

/// <summary>
/// What every compile step shares: the diagnostics being collected (compilation never throws:
/// it reports everything it finds, like <c>check</c>), the variable registry, the prefix paths
/// resolve against, and per-model state modules leave for each other (<see cref="Features"/>).
/// </summary>
public sealed class CompileContext
{
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<string, Logging.LogFile> _logFiles = new(StringComparer.Ordinal);

    /// <param name="cycle">The process the model is for: looked up (running workers, open files), never changed.</param>
    public CompileContext(CompileOptions options, IReadOnlyList<IHttpModule> modules, Model.ProcessCycle? cycle = null)
    {
        Options = options;
        Modules = modules;
        Cycle = cycle ?? new Model.ProcessCycle();
    }

    public Model.ProcessCycle Cycle { get; }

    /// <summary>
    /// The log file at <paramref name="path"/> (already resolved): the one the process has open, else a
    /// new one opened when the model starts serving. One object per path in a model.
    /// </summary>
    public Logging.LogFile LogFile(string path)
    {
        if (!_logFiles.TryGetValue(path, out var file))
            _logFiles[path] = file = Cycle.LogFiles.Find(path) ?? new Logging.LogFile(path);
        return file;
    }

    /// <summary>
    /// The shared memory zone <paramref name="name"/> of this model: the one this compile already made, else the
    /// process's running one when it has the same size and module (ngx_init_cycle reuses it: its state outlives
    /// the reload) and <paramref name="reusable"/> (what the module keeps beside the memory) agrees, else a new one
    /// from <paramref name="create"/>.
    /// </summary>
    public T SharedZone<T>(string name, long size, string module, Func<T> create, Func<T, bool>? reusable = null) where T : Model.SharedMemoryZone
    {
        if (_sharedZones.TryGetValue(name, out var zone) && zone is T made) return made;
        var running = Cycle.SharedMemory.Find(name) as T;
        var result = running is not null && running.Matches(size, module) && (reusable?.Invoke(running) ?? true) ? running : create();
        _sharedZones[name] = result;
        return result;
    }

    private readonly Dictionary<string, Model.SharedMemoryZone> _sharedZones = new(StringComparer.Ordinal);

    /// <summary>Every shared memory zone the model uses.</summary>
    public IReadOnlyCollection<Model.SharedMemoryZone> SharedZones => _sharedZones.Values;

    /// <summary>Every log file the model names.</summary>
    public IReadOnlyCollection<Logging.LogFile> LogFiles => _logFiles.Values;

    /// <summary>Directories the model writes into (a cache's path), made before it serves as nginx's ngx_create_paths.</summary>
    public List<string> Directories { get; } = [];

    public CompileOptions Options { get; }
    public IReadOnlyList<IHttpModule> Modules { get; }
    public VariableRegistry Variables { get; } = new();

    /// <summary>Typed state modules publish at http level for later steps (e.g. upstream groups for proxy_pass).</summary>
    public FeatureCollection Features { get; } = new();

    /// <summary>The directive keys read through this compile's scopes.</summary>
    public DirectiveReads Reads { get; } = new();

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;
    public bool HasErrors => _diagnostics.Any(d => d.Severity == Severity.Error);

    public void Error(string message, SourcePosition at) => _diagnostics.Add(Diagnostic.Error(message, at));
    public void Warning(string message, SourcePosition at) => _diagnostics.Add(Diagnostic.Warning(message, at));

    /// <summary>
    /// The addresses of a host name in an upstream <c>server</c>, <c>proxy_pass</c> or <c>listen</c>: looked up
    /// once at load as nginx does, or, when <see cref="CompileOptions.LookUpHosts"/> is off (<c>check</c>), a
    /// stand-in address without asking anyone (the directive table's checks report the names that do not resolve).
    /// </summary>
    public System.Net.IPAddress[] ResolveHost(string host) =>
        Options.LookUpHosts ? System.Net.Dns.GetHostAddresses(host) : [UnresolvedHost];

    /// <summary>The stand-in for a name a compile did not look up: a model holding it is never served.</summary>
    public static readonly System.Net.IPAddress UnresolvedHost = System.Net.IPAddress.Parse("192.0.2.1");

    /// <summary>A path from the config resolved as nginx does: absolute, else against the prefix.</summary>
    public string ResolvePath(string path) => Path.IsPathRooted(path) ? path : Path.Combine(Options.Prefix, path);

    /// <summary>The directory of the main config file: nginx's conf prefix, against which some paths resolve (<c>auth_basic_user_file</c>, <c>include</c>).</summary>
    public string ConfigPrefix { get; set; } = Environment.CurrentDirectory;
}

/// <summary>Where relative paths resolve (<c>-p</c>) and what <c>-g</c> / <c>-e</c> added.</summary>
public sealed record CompileOptions
{
    /// <summary>nginx's prefix (<c>-p</c>); relative paths in the config resolve against it.</summary>
    public string Prefix { get; init; } = Environment.CurrentDirectory;

    /// <summary>The error log given with <c>-e</c>, used until the config's own <c>error_log</c> applies.</summary>
    public string? ErrorLogOverride { get; init; }

    /// <summary>Where the pid file goes when the config has no <c>pid</c> ("" = none).</summary>
    public string DefaultPidPath { get; init; } = "logs/nginx.pid";

    /// <summary>The error log when the main context has no <c>error_log</c> and no <c>-e</c> was given.</summary>
    public string DefaultErrorLogPath { get; init; } = "logs/error.log";

    /// <summary>The access log of levels that name none.</summary>
    public string DefaultAccessLogPath { get; init; } = "logs/access.log";

    /// <summary>
    /// Look host names up (DNS, hosts file) as nginx does at start-up; off for <c>check</c> and <c>-t</c>,
    /// which need no network (names get a stand-in address; the directive table warns about names it cannot resolve).
    /// </summary>
    public bool LookUpHosts { get; init; } = true;

    /// <summary>
    /// The directive table's checks run with the compile: <c>run</c> and <c>-t</c> warn about directives accepted
    /// but ignored; <c>check</c> adds its analysis; the top context is always main (fragments are wrapped first).
    /// </summary>
    public ValidationOptions Validation { get; init; } = new() { Analyze = false, WarnIgnored = true };

    /// <summary>
    /// How long one regex match may run before it gives up: our stand-in for PCRE's match limit
    /// (nginx compiles with PCRE's default of 10,000,000 backtracking steps, about a second), so
    /// a pattern that backtracks catastrophically ends as an error instead of holding a thread.
    /// </summary>
    public TimeSpan RegexMatchTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The machine's host name, for <c>$hostname</c> and the default server name.</summary>
    public string HostName { get; init; } = Environment.MachineName.ToLowerInvariant();
}
