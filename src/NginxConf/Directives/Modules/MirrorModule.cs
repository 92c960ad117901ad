using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_mirror_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class MirrorModule : IDirectiveModule
{
    public string Name => "ngx_http_mirror_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("mirror", HttpAny, Arity.Take1, Refused) { Repeatable = true, Note = "mirror subrequests are not sent yet: the copies would be lost" },
        new("mirror_request_body", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag },
    ];
}
