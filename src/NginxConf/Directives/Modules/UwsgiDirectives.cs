using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_uwsgi_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class UwsgiDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Pass = new("uwsgi_pass");
    public static readonly DirectiveKey Param = new("uwsgi_param");
    public static readonly DirectiveKey<TimeSpan> ConnectTimeout = DirectiveKey.Time("uwsgi_connect_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<TimeSpan> ReadTimeout = DirectiveKey.Time("uwsgi_read_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<bool> InterceptErrors = DirectiveKey.Flag("uwsgi_intercept_errors", false);
    public static readonly DirectiveKey<bool> PassRequestHeaders = DirectiveKey.Flag("uwsgi_pass_request_headers", true);
    public static readonly DirectiveKey<bool> PassRequestBody = DirectiveKey.Flag("uwsgi_pass_request_body", true);
    public static readonly DirectiveKey NextUpstream = new("uwsgi_next_upstream");
    public static readonly DirectiveKey<long> NextUpstreamTries = DirectiveKey.Number("uwsgi_next_upstream_tries", 0);
    public static readonly DirectiveKey<TimeSpan> NextUpstreamTimeout = DirectiveKey.Time("uwsgi_next_upstream_timeout", TimeSpan.Zero);
    public static readonly DirectiveKey PassHeader = new("uwsgi_pass_header");
    public static readonly DirectiveKey HideHeader = new("uwsgi_hide_header");
    public static readonly DirectiveKey<long> BufferSize = DirectiveKey.Size("uwsgi_buffer_size", 4096);
    public static readonly DirectiveKey<long> Modifier1 = DirectiveKey.Number("uwsgi_modifier1", 0);
    public static readonly DirectiveKey<long> Modifier2 = DirectiveKey.Number("uwsgi_modifier2", 0);

    public static readonly UpstreamCacheKeys CacheKeys = new("uwsgi");

    public string Name => "ngx_http_uwsgi_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        .. CacheKeys.Rows,
        new("uwsgi_bind", Ignored),

        new(BufferSize, Implemented) { Value = ValueKind.Size },
        new("uwsgi_buffering", Ignored) { Value = ValueKind.Flag, Note = "responses are streamed to the client as they arrive (as with uwsgi_buffering off)" },
        new("uwsgi_buffers", Ignored) { Value = ValueKind.Buffers },

        new("uwsgi_busy_buffers_size", Ignored) { Value = ValueKind.Size },

        new(ConnectTimeout, Implemented) { Value = ValueKind.Time },
        new("uwsgi_force_ranges", Ignored) { Value = ValueKind.Flag },

        new(HideHeader, Implemented),
        new("uwsgi_ignore_client_abort", Ignored) { Value = ValueKind.Flag },

        new(InterceptErrors, Implemented) { Value = ValueKind.Flag },
        new("uwsgi_limit_rate", Ignored) { Value = ValueKind.Size },

        new("uwsgi_max_temp_file_size", Ignored) { Value = ValueKind.Size },

        new(Modifier1, Implemented) { Value = ValueKind.Number },
        new(Modifier2, Implemented) { Value = ValueKind.Number },
        new(NextUpstream, Implemented) { Value = ValueKind.ChoiceList, Choices = ["error", "timeout", "denied", "invalid_header", "non_idempotent", "http_500", "http_503", "http_403", "http_404", "http_429", "updating", "off"] },
        new(NextUpstreamTimeout, Implemented) { Value = ValueKind.Time },
        new(NextUpstreamTries, Implemented) { Value = ValueKind.Number },

        new(Param, Implemented) { Check = CgiChecks.Param },
        new(Pass, Implemented) { Check = ProxyChecks.OtherPass },
        new(PassHeader, Implemented),
        new(PassRequestBody, Implemented) { Value = ValueKind.Flag },
        new(PassRequestHeaders, Implemented) { Value = ValueKind.Flag },
        new(ReadTimeout, Implemented) { Value = ValueKind.Time },
        new("uwsgi_request_buffering", Ignored) { Value = ValueKind.Flag, Note = "the whole request body is read before it goes upstream (as with uwsgi_request_buffering on)" },
        new("uwsgi_send_timeout", Ignored) { Value = ValueKind.Time, Note = "the request is sent upstream without a timeout of its own" },
        new("uwsgi_socket_keepalive", Ignored) { Value = ValueKind.Flag },

        new("uwsgi_ssl_certificate", Ignored) { Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_certificate_key", Ignored) { Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_ciphers", Ignored) { Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_conf_command", Ignored) { Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_crl", Ignored) { Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_name", Ignored) { Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_password_file", Ignored) { Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_protocols", Ignored) { Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_server_name", Ignored) { Value = ValueKind.Flag, Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_session_reuse", Ignored) { Value = ValueKind.Flag, Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_trusted_certificate", Ignored) { Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_verify", Ignored) { Value = ValueKind.Flag, Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_ssl_verify_depth", Ignored) { Value = ValueKind.Number, Note = "suwsgi:// (uwsgi over TLS) is refused at uwsgi_pass" },

        new("uwsgi_store", Refused) { Note = "responses are not stored yet: what it keeps would be lost" },
        new("uwsgi_store_access", Ignored) { Note = "storing responses is not supported" },

        new("uwsgi_string", Ignored),

        new("uwsgi_temp_file_write_size", Ignored) { Value = ValueKind.Size },

        new("uwsgi_temp_path", Ignored),

    ];
}
