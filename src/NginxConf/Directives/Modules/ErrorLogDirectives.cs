using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_errlog_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class ErrorLogDirectives : IDirectiveModule
{
    public static readonly DirectiveKey ErrorLog = new("error_log");

    public string Name => "ngx_errlog_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(ErrorLog, Implemented) { Check = LogChecks.ErrorLog },
    ];
}
