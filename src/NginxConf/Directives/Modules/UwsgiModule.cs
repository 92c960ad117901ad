using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_uwsgi_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class UwsgiModule : IDirectiveModule
{
    public string Name => "ngx_http_uwsgi_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("uwsgi_bind", HttpAny, Arity.Take1 | Arity.Take2, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_buffer_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "uwsgi backends are not supported" },
        new("uwsgi_buffering", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_buffers", HttpAny, Arity.Take2, Ignored) { Value = ValueKind.Buffers, Note = "uwsgi backends are not supported" },
        new("uwsgi_busy_buffers_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache", HttpAny, Arity.Take1, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_background_update", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_bypass", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_key", HttpAny, Arity.Take1, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_lock", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_lock_age", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_lock_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_max_range_offset", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Offset, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_methods", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_min_uses", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_path", Http, Arity.TwoOrMore, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_revalidate", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_use_stale", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_cache_valid", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_connect_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_force_ranges", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_hide_header", HttpAny, Arity.Take1, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_ignore_client_abort", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_ignore_headers", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_intercept_errors", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_limit_rate", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "uwsgi backends are not supported" },
        new("uwsgi_max_temp_file_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "uwsgi backends are not supported" },
        new("uwsgi_modifier1", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "uwsgi backends are not supported" },
        new("uwsgi_modifier2", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "uwsgi backends are not supported" },
        new("uwsgi_next_upstream", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_next_upstream_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_next_upstream_tries", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "uwsgi backends are not supported" },
        new("uwsgi_no_cache", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_param", HttpAny, Arity.Take2 | Arity.Take3, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_pass", Location | IfInLocation, Arity.Take1, Refused) { Check = ProxyChecks.OtherPass, Note = "uwsgi is not served yet: the location would serve its files as static files" },
        new("uwsgi_pass_header", HttpAny, Arity.Take1, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_pass_request_body", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_pass_request_headers", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_read_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_request_buffering", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_send_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "uwsgi backends are not supported" },
        new("uwsgi_socket_keepalive", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_certificate", HttpAny, Arity.Take1, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_certificate_key", HttpAny, Arity.Take1, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_ciphers", HttpAny, Arity.Take1, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_conf_command", HttpAny, Arity.Take2, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_crl", HttpAny, Arity.Take1, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_name", HttpAny, Arity.Take1, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_password_file", HttpAny, Arity.Take1, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_protocols", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_server_name", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_session_reuse", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_trusted_certificate", HttpAny, Arity.Take1, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_verify", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "uwsgi backends are not supported" },
        new("uwsgi_ssl_verify_depth", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "uwsgi backends are not supported" },
        new("uwsgi_store", HttpAny, Arity.Take1, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_store_access", HttpAny, Arity.Take1 | Arity.Take2 | Arity.Take3, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_string", HttpAny, Arity.Take1, Ignored) { Note = "uwsgi backends are not supported" },
        new("uwsgi_temp_file_write_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "uwsgi backends are not supported" },
        new("uwsgi_temp_path", HttpAny, Arity.Take1 | Arity.Take2 | Arity.Take3 | Arity.Take4, Ignored) { Note = "uwsgi backends are not supported" },
    ];
}
