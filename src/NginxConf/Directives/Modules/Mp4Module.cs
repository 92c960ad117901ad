using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_mp4_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class Mp4Module : IDirectiveModule
{
    public string Name => "ngx_http_mp4_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("mp4", Location, Arity.NoArgs, Ignored) { Repeatable = true },
        new("mp4_buffer_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size },
        new("mp4_max_buffer_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size },
        new("mp4_start_key_frame", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag },
    ];
}
