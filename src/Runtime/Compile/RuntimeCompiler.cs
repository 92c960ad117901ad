using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Model;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Servers;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Compile;

/// <summary>The outcome of a compile: a model when there were no errors, and every diagnostic found.</summary>
public sealed record CompileResult(RuntimeModel? Model, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The directive keys the compile read (see <see cref="DirectiveReads"/>).</summary>
    public IReadOnlyCollection<NginxConf.Directives.DirectiveKey> DirectivesRead { get; init; } = [];

    public bool Succeeded => Model is not null;
}

/// <summary>
/// Turns a loaded config into a <see cref="RuntimeModel"/>: main settings, then each module's
/// variables and http-level blocks, then servers with their locations, then listen addresses.
/// Errors are diagnostics in nginx's wording; nothing here throws on bad input. A compile is pure:
/// it starts nothing (no etcd watch, no DNS refresher, no health check, no log file opened) and
/// changes nothing in the process it compiles for; the model lists what must run while it serves
/// (<see cref="RuntimeModel.Resources"/>) and <c>Hosting/ServerProcess</c> starts it. <c>check</c>,
/// <c>-t</c> and <c>run</c> all come here, so they find the same errors.
/// </summary>
public static class RuntimeCompiler
{
    /// <param name="cycle">
    /// The process the model will serve in: running workers and open log files are looked up there
    /// (an unchanged <c>kv_source</c> keeps its watch), never changed. Null: a fresh one (<c>check</c>).
    /// </param>
    public static CompileResult Compile(ConfigTree tree, CompileOptions options, ProcessCycle? cycle = null)
    {
        var context = new CompileContext(options, HttpModules.All, cycle ?? new ProcessCycle());
        if (tree.Root.Path.Length > 0 && !tree.Root.Path.Contains('\0') && Path.GetDirectoryName(Path.GetFullPath(tree.Root.Path)) is { Length: > 0 } configPrefix)
            context.ConfigPrefix = configPrefix;
        var main = new DirectiveScope(ScopeKind.Main, tree.Root.Directives, context.Reads);
        var mainSettings = CompileMain(main, context);

        foreach (var module in context.Modules) module.RegisterVariables(context.Variables, context);

        var http = main.Own(HttpCoreDirectives.Http).FirstOrDefault(d => d.Block is not null);
        var limits = new ServerLimits();
        var addresses = new List<AddressConfig>();
        var sockets = new List<ListenAddress>();
        if (http is not null)
        {
            var httpScope = new DirectiveScope(ScopeKind.Http, http.Block!, main, http);
            Variables.DeclaredVariables.Declare(http.Block!, context.Variables);
            limits = CompileLimits(httpScope, context);
            foreach (var module in context.Modules) module.CompileHttp(httpScope, context);
            var servers = new ServerCompiler(context).CompileAll(httpScope);
            foreach (var module in context.Modules) module.CompleteHttp(context);
            var built = AddressBuilder.Build(servers, context);
            foreach (var module in context.Modules) module.CompleteAddresses(built.Addresses, context);
            addresses.AddRange(built.Addresses);
            sockets.AddRange(built.Sockets);
        }

        // The directive table decides what is known, where, and with how many arguments (as `check`);
        // the compile steps add what only building the model finds. One finding, one diagnostic.
        var validation = ConfigValidator.Validate(tree, options.Validation with { TopContext = DirectiveContext.Main });
        var diagnostics = Merge(tree.Diagnostics, validation, context.Diagnostics);
        if (diagnostics.Any(d => d.Severity == Severity.Error))
            return new CompileResult(null, diagnostics) { DirectivesRead = context.Reads.Keys };
        var errorLog = new ErrorLog(mainSettings.ErrorLogs.Select(t => (context.LogFile(t.Path), t.Level)));
        var features = context.Features.Copy();
        var resources = new ModelResources([.. context.LogFiles], features.Get<Dynamic.Serving.DynamicRouting>(), features.Get<Health.HealthCheckPlan>())
        {
            SharedZones = [.. context.SharedZones],
            Directories = [.. context.Directories],
        };
        var model = new RuntimeModel(mainSettings, errorLog, sockets, addresses, context.Variables.SlotCount, features, context.Cycle, resources) { Limits = limits };
        return new CompileResult(model, diagnostics) { DirectivesRead = context.Reads.Keys };
    }

    /// <summary>
    /// The main context only (pid, error logs), checked against the directive table as <c>-t</c> does:
    /// what <c>-s</c> needs to find the running instance, without building the http part.
    /// </summary>
    public static (MainSettings? Main, IReadOnlyList<Diagnostic> Diagnostics) CompileMainOnly(ConfigTree tree, CompileOptions options)
    {
        var context = new CompileContext(options, HttpModules.All, new ProcessCycle());
        var main = CompileMain(new DirectiveScope(ScopeKind.Main, tree.Root.Directives, context.Reads), context);
        var validation = ConfigValidator.Validate(tree, new ValidationOptions { TopContext = DirectiveContext.Main, Analyze = false, WarnIgnored = false });
        var diagnostics = Merge(tree.Diagnostics, validation, context.Diagnostics);
        return (diagnostics.Any(d => d.Severity == Severity.Error) ? null : main, diagnostics);
    }

    /// <summary>
    /// Syntax, then the table's findings, then the compile's, each once; a warning the compile made
    /// an error (a name DNS did not resolve) is left out.
    /// </summary>
    private static List<Diagnostic> Merge(params IEnumerable<Diagnostic>[] sources)
    {
        var all = sources.SelectMany(d => d).DistinctBy(d => (d.Severity, d.Message, d.Position.File, d.Position.Line)).ToList();
        var errors = all.Where(d => d.Severity == Severity.Error).Select(d => (d.Message, d.Position.File, d.Position.Line)).ToHashSet();
        return all.Where(d => d.Severity == Severity.Error || !errors.Contains((d.Message, d.Position.File, d.Position.Line))).ToList();
    }

    private static string ResolveLog(string path, CompileContext context) => path is "stderr" ? path : context.ResolvePath(path);

    /// <summary>
    /// Limits Kestrel enforces for every socket: keepalive_timeout from http; header buffers and
    /// client_header_timeout from http or, the largest, any server (nginx sets them per server).
    /// </summary>
    private static ServerLimits CompileLimits(DirectiveScope http, CompileContext context)
    {
        var limits = new ServerLimits
        {
            KeepAliveTimeout = http.Get(HttpCoreDirectives.KeepaliveTimeout, context),
            RequestHeadersTimeout = http.Get(HttpCoreDirectives.ClientHeaderTimeout, context),
        };
        // Header buffers: the http level's, or the largest a server block sets (never refuse what one of them accepts).
        var servers = http.Own(HttpCoreDirectives.Server).Where(s => s.Block is not null)
            .Select(server => new DirectiveScope(ScopeKind.Server, server.Block!, http, server)).ToList();
        var (count, size, first, anySet) = (0, 0, 0, false);
        foreach (var level in servers.Prepend(http))
        {
            foreach (var directive in level.Own(HttpCoreDirectives.LargeClientHeaderBuffers))
            {
                if (directive is { Args.Count: 2 }
                    && int.TryParse(directive.Args[0].Value, out var number) && NginxSize.TryParseOffset(directive.Args[1].Value, out var bytes) && bytes > 0)
                {
                    (count, size, anySet) = (Math.Max(count, number), Math.Max(size, (int)bytes), true);
                }
            }
            foreach (var directive in level.Own(HttpCoreDirectives.ClientHeaderBufferSize))
            {
                if (directive is { Args.Count: 1 } && NginxSize.TryParseOffset(directive.Args[0].Value, out var firstBytes) && firstBytes > 0)
                {
                    first = Math.Max(first, (int)firstBytes);
                }
            }
        }
        if (anySet) limits = limits with { LargeHeaderBufferCount = Math.Max(1, count), LargeHeaderBufferSize = size };
        foreach (var scope in servers)
        {
            var timeout = scope.Get(HttpCoreDirectives.ClientHeaderTimeout, limits.RequestHeadersTimeout, context);
            if (timeout > limits.RequestHeadersTimeout) limits = limits with { RequestHeadersTimeout = timeout };
        }
        if (first > 0) limits = limits with { ClientHeaderBufferSize = first };
        if (limits.KeepAliveTimeout <= TimeSpan.Zero) limits = limits with { KeepAliveTimeout = TimeSpan.FromMilliseconds(1) };
        return limits;
    }

    private static MainSettings CompileMain(DirectiveScope main, CompileContext context)
    {
        var pid = main.OwnFirst(CoreDirectives.Pid) is { Args.Count: > 0 } pidDirective ? pidDirective.Args[0].Value : context.Options.DefaultPidPath;
        var logs = new List<ErrorLogTarget>();
        if (context.Options.ErrorLogOverride is { } overridden)
            logs.Add(new ErrorLogTarget(ResolveLog(overridden, context), LogLevel.Error));
        var configured = ErrorLogTargets.Parse(main.Own(ErrorLogDirectives.ErrorLog), context);
        if (configured.Count > 0) logs = configured.ToList();
        else if (logs.Count == 0) logs.Add(new ErrorLogTarget(ResolveLog(context.Options.DefaultErrorLogPath, context), LogLevel.Error));
        var shutdown = main.Get(CoreDirectives.WorkerShutdownTimeout, context);
        return new MainSettings
        {
            PidPath = pid is "off" or "" ? "" : context.ResolvePath(pid),
            ErrorLogs = logs,
            ShutdownTimeout = shutdown,
            Prefix = context.Options.Prefix,
        };
    }
}
