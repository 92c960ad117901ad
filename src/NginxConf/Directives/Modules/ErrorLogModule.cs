using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_errlog_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class ErrorLogModule : IDirectiveModule
{
    public string Name => "ngx_errlog_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("error_log", HttpAny | Main, Arity.OneOrMore, Implemented) { Repeatable = true, Check = LogChecks.ErrorLog },
    ];
}
