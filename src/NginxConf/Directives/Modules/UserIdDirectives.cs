using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_userid_filter_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class UserIdDirectives : IDirectiveModule
{
    public string Name => "ngx_http_userid_filter_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("userid", Refused) { Note = "visitor cookies are not set yet: the ids they carry would be lost" },
        new("userid_domain", Ignored),
        new("userid_expires", Ignored),
        new("userid_flags", Ignored),
        new("userid_mark", Ignored),
        new("userid_name", Ignored),
        new("userid_p3p", Ignored),
        new("userid_path", Ignored),
        new("userid_service", Ignored) { Value = ValueKind.Number },
    ];
}
