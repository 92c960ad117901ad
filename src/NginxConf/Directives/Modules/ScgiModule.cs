using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_scgi_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class ScgiModule : IDirectiveModule
{
    public string Name => "ngx_http_scgi_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("scgi_bind", HttpAny, Arity.Take1 | Arity.Take2, Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_buffer_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "SCGI backends are not supported" },
        new("scgi_buffering", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_buffers", HttpAny, Arity.Take2, Ignored) { Value = ValueKind.Buffers, Note = "SCGI backends are not supported" },
        new("scgi_busy_buffers_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "SCGI backends are not supported" },
        new("scgi_cache", HttpAny, Arity.Take1, Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_cache_background_update", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_cache_bypass", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "SCGI backends are not supported" },
        new("scgi_cache_key", HttpAny, Arity.Take1, Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_cache_lock", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_cache_lock_age", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_cache_lock_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_cache_max_range_offset", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Offset, Note = "SCGI backends are not supported" },
        new("scgi_cache_methods", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "SCGI backends are not supported" },
        new("scgi_cache_min_uses", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "SCGI backends are not supported" },
        new("scgi_cache_path", Http, Arity.TwoOrMore, Ignored) { Repeatable = true, Note = "SCGI backends are not supported" },
        new("scgi_cache_revalidate", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_cache_use_stale", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "SCGI backends are not supported" },
        new("scgi_cache_valid", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "SCGI backends are not supported" },
        new("scgi_connect_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_force_ranges", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_hide_header", HttpAny, Arity.Take1, Ignored) { Repeatable = true, Note = "SCGI backends are not supported" },
        new("scgi_ignore_client_abort", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_ignore_headers", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "SCGI backends are not supported" },
        new("scgi_intercept_errors", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_limit_rate", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "SCGI backends are not supported" },
        new("scgi_max_temp_file_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "SCGI backends are not supported" },
        new("scgi_next_upstream", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "SCGI backends are not supported" },
        new("scgi_next_upstream_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_next_upstream_tries", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "SCGI backends are not supported" },
        new("scgi_no_cache", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "SCGI backends are not supported" },
        new("scgi_param", HttpAny, Arity.Take2 | Arity.Take3, Ignored) { Repeatable = true, Note = "SCGI backends are not supported" },
        new("scgi_pass", Location | IfInLocation, Arity.Take1, Refused) { Check = ProxyChecks.OtherPass, Note = "SCGI is not served yet: the location would serve its files as static files" },
        new("scgi_pass_header", HttpAny, Arity.Take1, Ignored) { Repeatable = true, Note = "SCGI backends are not supported" },
        new("scgi_pass_request_body", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_pass_request_headers", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_read_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_request_buffering", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_send_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_socket_keepalive", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_store", HttpAny, Arity.Take1, Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_store_access", HttpAny, Arity.Take1 | Arity.Take2 | Arity.Take3, Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_temp_file_write_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "SCGI backends are not supported" },
        new("scgi_temp_path", HttpAny, Arity.Take1 | Arity.Take2 | Arity.Take3 | Arity.Take4, Ignored) { Note = "SCGI backends are not supported" },
    ];
}
