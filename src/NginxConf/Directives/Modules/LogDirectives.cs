using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_log_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class LogDirectives : IDirectiveModule
{
    public static readonly DirectiveKey LogFormat = new("log_format");
    public static readonly DirectiveKey AccessLog = new("access_log");
    public static readonly DirectiveKey OpenFileCache = new("open_log_file_cache");

    public string Name => "ngx_http_log_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(AccessLog, Implemented) { Check = LogChecks.AccessLog },
        new(LogFormat, Implemented) { Check = LogChecks.LogFormat },
        new(OpenFileCache, Implemented),
    ];
}
