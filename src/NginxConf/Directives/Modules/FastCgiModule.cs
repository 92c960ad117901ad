using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_fastcgi_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class FastCgiModule : IDirectiveModule
{
    public string Name => "ngx_http_fastcgi_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("fastcgi_bind", HttpAny, Arity.Take1 | Arity.Take2, Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_buffer_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "FastCGI backends are not supported" },
        new("fastcgi_buffering", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_buffers", HttpAny, Arity.Take2, Ignored) { Value = ValueKind.Buffers, Note = "FastCGI backends are not supported" },
        new("fastcgi_busy_buffers_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache", HttpAny, Arity.Take1, Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_background_update", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_bypass", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_key", HttpAny, Arity.Take1, Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_lock", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_lock_age", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_lock_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_max_range_offset", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Offset, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_methods", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_min_uses", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_path", Http, Arity.TwoOrMore, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_revalidate", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_use_stale", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_valid", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_catch_stderr", HttpAny, Arity.Take1, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_connect_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_force_ranges", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_hide_header", HttpAny, Arity.Take1, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_ignore_client_abort", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_ignore_headers", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_index", HttpAny, Arity.Take1, Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_intercept_errors", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_keep_conn", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_limit_rate", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "FastCGI backends are not supported" },
        new("fastcgi_max_temp_file_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "FastCGI backends are not supported" },
        new("fastcgi_next_upstream", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_next_upstream_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_next_upstream_tries", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "FastCGI backends are not supported" },
        new("fastcgi_no_cache", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_param", HttpAny, Arity.Take2 | Arity.Take3, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_pass", Location | IfInLocation, Arity.Take1, Refused) { Check = ProxyChecks.OtherPass, Note = "FastCGI is not served yet: the location would serve its scripts' source as static files" },
        new("fastcgi_pass_header", HttpAny, Arity.Take1, Ignored) { Repeatable = true, Note = "FastCGI backends are not supported" },
        new("fastcgi_pass_request_body", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_pass_request_headers", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_read_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_request_buffering", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_send_lowat", HttpAny, Arity.Take1, Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_send_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_socket_keepalive", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_split_path_info", HttpAny, Arity.Take1, Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_store", HttpAny, Arity.Take1, Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_store_access", HttpAny, Arity.Take1 | Arity.Take2 | Arity.Take3, Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_temp_file_write_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "FastCGI backends are not supported" },
        new("fastcgi_temp_path", HttpAny, Arity.Take1 | Arity.Take2 | Arity.Take3 | Arity.Take4, Ignored) { Note = "FastCGI backends are not supported" },
    ];
}
