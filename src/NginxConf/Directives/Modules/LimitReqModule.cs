using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_limit_req_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class LimitReqModule : IDirectiveModule
{
    public string Name => "ngx_http_limit_req_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("limit_req", HttpAny, Arity.Take1 | Arity.Take2 | Arity.Take3, Refused) { Repeatable = true, Note = "request rate limits are not enforced yet: serving without them would take the load the limit turns away" },
        new("limit_req_dry_run", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "request rate limits are not enforced" },
        new("limit_req_log_level", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Choice, Choices = ["info", "notice", "warn", "error"], Note = "request rate limits are not enforced" },
        new("limit_req_status", HttpAny, Arity.Take1, Ignored) { Note = "request rate limits are not enforced" },
        new("limit_req_zone", Http, Arity.Take3, Ignored) { Repeatable = true, Note = "request rate limits are not enforced" },
    ];
}
