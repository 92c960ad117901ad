using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_v2_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class Http2Directives : IDirectiveModule
{
    public static readonly DirectiveKey<bool> Http2 = DirectiveKey.Flag("http2", false);

    public string Name => "ngx_http_v2_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        // nginx 1.25.1's per-server switch, accepted ahead of the oracle (1.22 knows only "listen ... http2").
        new(Http2, Http | Server, Arity.Flag, Implemented) { Value = ValueKind.Flag },
        new("http2_body_preread_size", Ignored) { Value = ValueKind.Size, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_chunk_size", Ignored) { Value = ValueKind.Size, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_idle_timeout", Ignored) { Note = "HTTP/2 settings are Kestrel's" },
        new("http2_max_concurrent_pushes", Ignored) { Value = ValueKind.Number, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_max_concurrent_streams", Ignored) { Value = ValueKind.Number, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_max_field_size", Ignored) { Note = "HTTP/2 settings are Kestrel's" },
        new("http2_max_header_size", Ignored) { Note = "HTTP/2 settings are Kestrel's" },
        new("http2_max_requests", Ignored) { Note = "HTTP/2 settings are Kestrel's" },
        new("http2_pool_size", Ignored) { Value = ValueKind.Size, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_push", Ignored) { Note = "HTTP/2 settings are Kestrel's" },
        new("http2_push_preload", Ignored) { Value = ValueKind.Flag, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_recv_buffer_size", Ignored) { Value = ValueKind.Size, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_recv_timeout", Ignored) { Note = "HTTP/2 settings are Kestrel's" },
        new("http2_streams_index_size", Ignored) { Note = "HTTP/2 settings are Kestrel's" },
    ];
}
