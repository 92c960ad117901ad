using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_mp4_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class Mp4Directives : IDirectiveModule
{
    public string Name => "ngx_http_mp4_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("mp4", Ignored),
        new("mp4_buffer_size", Ignored) { Value = ValueKind.Size },
        new("mp4_max_buffer_size", Ignored) { Value = ValueKind.Size },
        new("mp4_start_key_frame", Ignored) { Value = ValueKind.Flag },
    ];
}
