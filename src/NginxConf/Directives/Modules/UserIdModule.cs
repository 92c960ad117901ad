using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_userid_filter_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class UserIdModule : IDirectiveModule
{
    public string Name => "ngx_http_userid_filter_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("userid", HttpAny, Arity.Take1, Refused) { Note = "visitor cookies are not set yet: the ids they carry would be lost" },
        new("userid_domain", HttpAny, Arity.Take1, Ignored),
        new("userid_expires", HttpAny, Arity.Take1, Ignored),
        new("userid_flags", HttpAny, Arity.Take1 | Arity.Take2 | Arity.Take3, Ignored) { Repeatable = true },
        new("userid_mark", HttpAny, Arity.Take1, Ignored),
        new("userid_name", HttpAny, Arity.Take1, Ignored),
        new("userid_p3p", HttpAny, Arity.Take1, Ignored),
        new("userid_path", HttpAny, Arity.Take1, Ignored),
        new("userid_service", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number },
    ];
}
