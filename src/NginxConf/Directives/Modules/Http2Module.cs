using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_v2_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class Http2Module : IDirectiveModule
{
    public string Name => "ngx_http_v2_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        // nginx 1.25.1's per-server switch, accepted ahead of the oracle (1.22 knows only "listen ... http2").
        new("http2", Http | Server, Arity.Flag, Implemented) { Value = ValueKind.Flag },
        new("http2_body_preread_size", Http | Server, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_chunk_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_idle_timeout", Http | Server, Arity.Take1, Ignored) { Note = "HTTP/2 settings are Kestrel's" },
        new("http2_max_concurrent_pushes", Http | Server, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_max_concurrent_streams", Http | Server, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_max_field_size", Http | Server, Arity.Take1, Ignored) { Note = "HTTP/2 settings are Kestrel's" },
        new("http2_max_header_size", Http | Server, Arity.Take1, Ignored) { Note = "HTTP/2 settings are Kestrel's" },
        new("http2_max_requests", Http | Server, Arity.Take1, Ignored) { Note = "HTTP/2 settings are Kestrel's" },
        new("http2_pool_size", Http | Server, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_push", HttpAny, Arity.Take1, Ignored) { Repeatable = true, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_push_preload", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_recv_buffer_size", Http, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "HTTP/2 settings are Kestrel's" },
        new("http2_recv_timeout", Http | Server, Arity.Take1, Ignored) { Note = "HTTP/2 settings are Kestrel's" },
        new("http2_streams_index_size", Http | Server, Arity.Take1, Ignored) { Note = "HTTP/2 settings are Kestrel's" },
    ];
}
