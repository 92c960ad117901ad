using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_uwsgi_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class UwsgiDirectives : IDirectiveModule
{
    public string Name => "ngx_http_uwsgi_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("uwsgi_bind", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_buffer_size", Ignored) { Value = ValueKind.Size, Note = "uwsgi backends are not supported" },
        new("uwsgi_buffering", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_buffers", Ignored) { Value = ValueKind.Buffers, Note = "uwsgi backends are not supported" },
        new("uwsgi_busy_buffers_size", Ignored) { Value = ValueKind.Size, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_background_update", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_bypass", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_key", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_lock", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_lock_age", Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_lock_timeout", Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_max_range_offset", Ignored) { Value = ValueKind.Offset, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_methods", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_min_uses", Ignored) { Value = ValueKind.Number, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_path", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_revalidate", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_use_stale", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_valid", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_connect_timeout", Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_force_ranges", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_hide_header", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ignore_client_abort", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_ignore_headers", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_intercept_errors", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_limit_rate", Ignored) { Value = ValueKind.Size, Note = "uwsgi backends are not supported" },
        new("uwsgi_max_temp_file_size", Ignored) { Value = ValueKind.Size, Note = "uwsgi backends are not supported" },
        new("uwsgi_modifier1", Ignored) { Value = ValueKind.Number, Note = "uwsgi backends are not supported" },
        new("uwsgi_modifier2", Ignored) { Value = ValueKind.Number, Note = "uwsgi backends are not supported" },
        new("uwsgi_next_upstream", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_next_upstream_timeout", Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_next_upstream_tries", Ignored) { Value = ValueKind.Number, Note = "uwsgi backends are not supported" },
        new("uwsgi_no_cache", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_param", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_pass", Refused) { Check = ProxyChecks.OtherPass, Note = "uwsgi is not served yet: the location would serve its files as static files" },
        new("uwsgi_pass_header", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_pass_request_body", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_pass_request_headers", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_read_timeout", Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_request_buffering", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_send_timeout", Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_socket_keepalive", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_certificate", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_certificate_key", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_ciphers", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_conf_command", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_crl", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_name", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_password_file", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_protocols", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_server_name", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_session_reuse", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_trusted_certificate", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_verify", Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_verify_depth", Ignored) { Value = ValueKind.Number, Note = "uwsgi backends are not supported" },
        new("uwsgi_store", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_store_access", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_string", Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_temp_file_write_size", Ignored) { Value = ValueKind.Size, Note = "uwsgi backends are not supported" },
        new("uwsgi_temp_path", Ignored) { Note = "uwsgi backends are not supported" },
    ];
}
