using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_core_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class CoreDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Pid = new("pid");
    /// <summary>0: wait for requests in flight as long as they take.</summary>
    public static readonly DirectiveKey<TimeSpan> WorkerShutdownTimeout = DirectiveKey.Time("worker_shutdown_timeout", TimeSpan.Zero);

    public string Name => "ngx_core_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("daemon", Ignored) { Value = ValueKind.Flag },
        new("debug_points", Ignored),
        new("env", Ignored),
        new("include", Implemented),
        new("load_module", Ignored),
        new("lock_file", Ignored),
        new("master_process", Ignored) { Value = ValueKind.Flag },
        new("pcre_jit", Ignored) { Value = ValueKind.Flag },
        new(Pid, Implemented),
        new("ssl_engine", Ignored),
        new("thread_pool", Ignored),
        new("timer_resolution", Ignored) { Value = ValueKind.Time },
        new("user", Ignored),
        new("worker_cpu_affinity", Ignored),
        new("worker_priority", Ignored),
        new("worker_processes", Ignored),
        new("worker_rlimit_core", Ignored) { Value = ValueKind.Offset },
        new("worker_rlimit_nofile", Ignored) { Value = ValueKind.Number },
        new(WorkerShutdownTimeout, Implemented) { Value = ValueKind.Time },
        new("working_directory", Ignored),
    ];
}
