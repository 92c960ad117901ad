using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_log_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class LogModule : IDirectiveModule
{
    public string Name => "ngx_http_log_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("access_log", HttpAny | IfInLocation | LimitExcept, Arity.OneOrMore, Implemented) { Repeatable = true, Check = LogChecks.AccessLog },
        new("log_format", Http, Arity.TwoOrMore, Implemented) { Repeatable = true, Check = LogChecks.LogFormat },
        new("open_log_file_cache", HttpAny, Arity.Take1 | Arity.Take2 | Arity.Take3 | Arity.Take4, Ignored),
    ];
}
