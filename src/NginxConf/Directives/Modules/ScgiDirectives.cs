using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_scgi_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class ScgiDirectives : IDirectiveModule
{
    public string Name => "ngx_http_scgi_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("scgi_bind", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_buffer_size", Ignored) { Value = ValueKind.Size, Note = "SCGI backends are not supported" },
        new("scgi_buffering", Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_buffers", Ignored) { Value = ValueKind.Buffers, Note = "SCGI backends are not supported" },
        new("scgi_busy_buffers_size", Ignored) { Value = ValueKind.Size, Note = "SCGI backends are not supported" },
        new("scgi_cache", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_cache_background_update", Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_cache_bypass", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_cache_key", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_cache_lock", Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_cache_lock_age", Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_cache_lock_timeout", Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_cache_max_range_offset", Ignored) { Value = ValueKind.Offset, Note = "SCGI backends are not supported" },
        new("scgi_cache_methods", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_cache_min_uses", Ignored) { Value = ValueKind.Number, Note = "SCGI backends are not supported" },
        new("scgi_cache_path", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_cache_revalidate", Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_cache_use_stale", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_cache_valid", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_connect_timeout", Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_force_ranges", Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_hide_header", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_ignore_client_abort", Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_ignore_headers", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_intercept_errors", Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_limit_rate", Ignored) { Value = ValueKind.Size, Note = "SCGI backends are not supported" },
        new("scgi_max_temp_file_size", Ignored) { Value = ValueKind.Size, Note = "SCGI backends are not supported" },
        new("scgi_next_upstream", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_next_upstream_timeout", Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_next_upstream_tries", Ignored) { Value = ValueKind.Number, Note = "SCGI backends are not supported" },
        new("scgi_no_cache", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_param", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_pass", Refused) { Check = ProxyChecks.OtherPass, Note = "SCGI is not served yet: the location would serve its files as static files" },
        new("scgi_pass_header", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_pass_request_body", Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_pass_request_headers", Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_read_timeout", Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_request_buffering", Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_send_timeout", Ignored) { Value = ValueKind.Time, Note = "SCGI backends are not supported" },
        new("scgi_socket_keepalive", Ignored) { Value = ValueKind.Flag, Note = "SCGI backends are not supported" },
        new("scgi_store", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_store_access", Ignored) { Note = "SCGI backends are not supported" },
        new("scgi_temp_file_write_size", Ignored) { Value = ValueKind.Size, Note = "SCGI backends are not supported" },
        new("scgi_temp_path", Ignored) { Note = "SCGI backends are not supported" },
    ];
}
