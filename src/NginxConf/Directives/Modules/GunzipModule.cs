using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_gunzip_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class GunzipModule : IDirectiveModule
{
    public string Name => "ngx_http_gunzip_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("gunzip", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "responses are passed as they come" },
        new("gunzip_buffers", HttpAny, Arity.Take2, Ignored) { Value = ValueKind.Buffers, Note = "responses are passed as they come" },
    ];
}
