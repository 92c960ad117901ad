using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_events_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class EventsDirectives : IDirectiveModule
{
    public string Name => "ngx_events_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("accept_mutex", Ignored) { Value = ValueKind.Flag },
        new("accept_mutex_delay", Ignored) { Value = ValueKind.Time },
        new("debug_connection", Ignored),
        new("epoll_events", Ignored) { Value = ValueKind.Number },
        new("events", Ignored) { Check = CoreChecks.Events },
        new("multi_accept", Ignored) { Value = ValueKind.Flag },
        new("use", Ignored) { Check = CoreChecks.Use },
        new("worker_aio_requests", Ignored) { Value = ValueKind.Number },
        new("worker_connections", Ignored) { Value = ValueKind.Number },
    ];
}
