using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_core_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class CoreModule : IDirectiveModule
{
    public string Name => "ngx_core_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("daemon", Main, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("debug_points", Main, Arity.Take1, Ignored),
        new("env", Main, Arity.Take1, Ignored) { Repeatable = true },
        new("include", HttpAny | Main | Events | IfInServer | IfInLocation | LimitExcept | Upstream, Arity.Take1, Implemented) { Repeatable = true },
        new("load_module", Main, Arity.Take1, Ignored) { Repeatable = true },
        new("lock_file", Main, Arity.Take1, Ignored),
        new("master_process", Main, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("pcre_jit", Main, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("pid", Main, Arity.Take1, Implemented),
        new("ssl_engine", Main, Arity.Take1, Ignored),
        new("thread_pool", Main, Arity.Take2 | Arity.Take3, Ignored) { Repeatable = true },
        new("timer_resolution", Main, Arity.Take1, Ignored) { Value = ValueKind.Time },
        new("user", Main, Arity.Take1 | Arity.Take2, Ignored),
        new("worker_cpu_affinity", Main, Arity.OneOrMore, Ignored),
        new("worker_priority", Main, Arity.Take1, Ignored),
        new("worker_processes", Main, Arity.Take1, Ignored),
        new("worker_rlimit_core", Main, Arity.Take1, Ignored) { Value = ValueKind.Offset },
        new("worker_rlimit_nofile", Main, Arity.Take1, Ignored) { Value = ValueKind.Number },
        new("worker_shutdown_timeout", Main, Arity.Take1, Implemented) { Value = ValueKind.Time },
        new("working_directory", Main, Arity.Take1, Ignored),
    ];
}
