using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>
/// <c>stream {}</c> (TCP/UDP proxying), a dynamic module in Debian's nginx: known only after
/// <c>load_module modules/ngx_stream_module.so</c>, as nginx behaves. Its body is not looked into.
/// </summary>
public sealed class StreamDirectives : IDirectiveModule
{
    public string Name => "ngx_stream_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("stream", Main, Arity.NoArgs, Ignored)
        {
            IsBlock = true, Body = BodyKind.Opaque, Opens = DirectiveContext.Stream, DynamicModule = "ngx_stream_module",
            Note = "TCP/UDP proxying is not supported",
        },
    ];
}
