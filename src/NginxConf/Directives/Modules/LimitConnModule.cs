using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_limit_conn_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class LimitConnModule : IDirectiveModule
{
    public string Name => "ngx_http_limit_conn_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("limit_conn", HttpAny, Arity.Take2, Refused) { Repeatable = true, Note = "connection limits are not enforced yet: serving without them would take the load the limit turns away" },
        new("limit_conn_dry_run", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "connection limits are not enforced" },
        new("limit_conn_log_level", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Choice, Choices = ["info", "notice", "warn", "error"], Note = "connection limits are not enforced" },
        new("limit_conn_status", HttpAny, Arity.Take1, Ignored) { Note = "connection limits are not enforced" },
        new("limit_conn_zone", Http, Arity.Take2, Ignored) { Repeatable = true, Note = "connection limits are not enforced" },
    ];
}
