using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_events_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class EventsModule : IDirectiveModule
{
    public string Name => "ngx_events_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("accept_mutex", Events, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("accept_mutex_delay", Events, Arity.Take1, Ignored) { Value = ValueKind.Time },
        new("debug_connection", Events, Arity.Take1, Ignored) { Repeatable = true },
        new("epoll_events", Events, Arity.Take1, Ignored) { Value = ValueKind.Number },
        new("events", Main, Arity.NoArgs, Ignored) { IsBlock = true, Opens = Events, Check = CoreChecks.Events },
        new("multi_accept", Events, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("use", Events, Arity.Take1, Ignored) { Check = CoreChecks.Use },
        new("worker_aio_requests", Events, Arity.Take1, Ignored) { Value = ValueKind.Number },
        new("worker_connections", Events, Arity.Take1, Ignored) { Value = ValueKind.Number },
    ];
}
