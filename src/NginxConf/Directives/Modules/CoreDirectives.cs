namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_core_module</c>'s directives the runtime reads.</summary>
public sealed partial class CoreDirectives
{
    public static readonly DirectiveKey Pid = new("pid");
    /// <summary>0: wait for requests in flight as long as they take.</summary>
    public static readonly DirectiveKey<TimeSpan> WorkerShutdownTimeout = DirectiveKey.Time("worker_shutdown_timeout", TimeSpan.Zero);
}
