using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_limit_conn_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class LimitConnDirectives : IDirectiveModule
{
    public string Name => "ngx_http_limit_conn_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("limit_conn", Refused) { Note = "connection limits are not enforced yet: serving without them would take the load the limit turns away" },
        new("limit_conn_dry_run", Ignored) { Value = ValueKind.Flag, Note = "connection limits are not enforced" },
        new("limit_conn_log_level", Ignored) { Value = ValueKind.Choice, Choices = ["info", "notice", "warn", "error"], Note = "connection limits are not enforced" },
        new("limit_conn_status", Ignored) { Note = "connection limits are not enforced" },
        new("limit_conn_zone", Ignored) { Note = "connection limits are not enforced" },
    ];
}
