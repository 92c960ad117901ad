using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_gunzip_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class GunzipDirectives : IDirectiveModule
{
    public static readonly DirectiveKey<bool> Gunzip = DirectiveKey.Flag("gunzip", false);
    public static readonly DirectiveKey Buffers = new("gunzip_buffers");

    public string Name => "ngx_http_gunzip_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Gunzip, Implemented) { Value = ValueKind.Flag },
        // zlib's output buffers: how the decoded bytes are cut into writes, which no client sees.
        new(Buffers, Implemented) { Value = ValueKind.Buffers },
    ];
}
