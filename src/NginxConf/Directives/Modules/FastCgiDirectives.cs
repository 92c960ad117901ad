using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_fastcgi_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class FastCgiDirectives : IDirectiveModule
{
    public string Name => "ngx_http_fastcgi_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("fastcgi_bind", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_buffer_size", Ignored) { Value = ValueKind.Size, Note = "FastCGI backends are not supported" },
        new("fastcgi_buffering", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_buffers", Ignored) { Value = ValueKind.Buffers, Note = "FastCGI backends are not supported" },
        new("fastcgi_busy_buffers_size", Ignored) { Value = ValueKind.Size, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_background_update", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_bypass", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_key", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_lock", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_lock_age", Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_lock_timeout", Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_max_range_offset", Ignored) { Value = ValueKind.Offset, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_methods", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_min_uses", Ignored) { Value = ValueKind.Number, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_path", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_revalidate", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_use_stale", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_cache_valid", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_catch_stderr", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_connect_timeout", Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_force_ranges", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_hide_header", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_ignore_client_abort", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_ignore_headers", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_index", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_intercept_errors", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_keep_conn", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_limit_rate", Ignored) { Value = ValueKind.Size, Note = "FastCGI backends are not supported" },
        new("fastcgi_max_temp_file_size", Ignored) { Value = ValueKind.Size, Note = "FastCGI backends are not supported" },
        new("fastcgi_next_upstream", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_next_upstream_timeout", Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_next_upstream_tries", Ignored) { Value = ValueKind.Number, Note = "FastCGI backends are not supported" },
        new("fastcgi_no_cache", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_param", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_pass", Refused) { Check = ProxyChecks.OtherPass, Note = "FastCGI is not served yet: the location would serve its scripts' source as static files" },
        new("fastcgi_pass_header", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_pass_request_body", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_pass_request_headers", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_read_timeout", Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_request_buffering", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_send_lowat", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_send_timeout", Ignored) { Value = ValueKind.Time, Note = "FastCGI backends are not supported" },
        new("fastcgi_socket_keepalive", Ignored) { Value = ValueKind.Flag, Note = "FastCGI backends are not supported" },
        new("fastcgi_split_path_info", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_store", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_store_access", Ignored) { Note = "FastCGI backends are not supported" },
        new("fastcgi_temp_file_write_size", Ignored) { Value = ValueKind.Size, Note = "FastCGI backends are not supported" },
        new("fastcgi_temp_path", Ignored) { Note = "FastCGI backends are not supported" },
    ];
}
