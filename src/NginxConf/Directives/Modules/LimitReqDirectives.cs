using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_limit_req_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class LimitReqDirectives : IDirectiveModule
{
    public string Name => "ngx_http_limit_req_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("limit_req", Refused) { Note = "request rate limits are not enforced yet: serving without them would take the load the limit turns away" },
        new("limit_req_dry_run", Ignored) { Value = ValueKind.Flag, Note = "request rate limits are not enforced" },
        new("limit_req_log_level", Ignored) { Value = ValueKind.Choice, Choices = ["info", "notice", "warn", "error"], Note = "request rate limits are not enforced" },
        new("limit_req_status", Ignored) { Note = "request rate limits are not enforced" },
        new("limit_req_zone", Ignored) { Note = "request rate limits are not enforced" },
    ];
}
