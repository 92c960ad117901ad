using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_limit_req_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class LimitReqDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Zone = new("limit_req_zone");
    public static readonly DirectiveKey LimitReq = new("limit_req");
    public static readonly DirectiveKey<bool> DryRun = DirectiveKey.Flag("limit_req_dry_run", false);
    public static readonly DirectiveKey<string> LogLevel = DirectiveKey.Text("limit_req_log_level", "error");
    public static readonly DirectiveKey<long> Status = DirectiveKey.Number("limit_req_status", 503);

    public string Name => "ngx_http_limit_req_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(LimitReq, Implemented) { Check = LimitChecks.LimitReq },
        new(DryRun, Implemented) { Value = ValueKind.Flag },
        new(LogLevel, Implemented) { Value = ValueKind.Choice, Choices = ["info", "notice", "warn", "error"] },
        new(Status, Implemented) { Value = ValueKind.Number, Check = LimitChecks.Status },
        // nginx's TAKE3, and a 4th for proxyserver's sync (LimitChecks.LimitReqZone keeps nginx's message for any other 4th).
        new(Zone, Http, Arity.Take3 | Arity.Take4, Implemented) { Repeatable = true, Check = LimitChecks.LimitReqZone },
    ];
}
