using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_scgi_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class ScgiDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Pass = new("scgi_pass");
    public static readonly DirectiveKey Param = new("scgi_param");
    public static readonly DirectiveKey<TimeSpan> ConnectTimeout = DirectiveKey.Time("scgi_connect_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<TimeSpan> ReadTimeout = DirectiveKey.Time("scgi_read_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<bool> InterceptErrors = DirectiveKey.Flag("scgi_intercept_errors", false);
    public static readonly DirectiveKey<bool> PassRequestHeaders = DirectiveKey.Flag("scgi_pass_request_headers", true);
    public static readonly DirectiveKey<bool> PassRequestBody = DirectiveKey.Flag("scgi_pass_request_body", true);
    public static readonly DirectiveKey NextUpstream = new("scgi_next_upstream");
    public static readonly DirectiveKey<long> NextUpstreamTries = DirectiveKey.Number("scgi_next_upstream_tries", 0);
    public static readonly DirectiveKey<TimeSpan> NextUpstreamTimeout = DirectiveKey.Time("scgi_next_upstream_timeout", TimeSpan.Zero);
    public static readonly DirectiveKey PassHeader = new("scgi_pass_header");
    public static readonly DirectiveKey HideHeader = new("scgi_hide_header");
    public static readonly DirectiveKey<long> BufferSize = DirectiveKey.Size("scgi_buffer_size", 4096);

    public static readonly UpstreamCacheKeys CacheKeys = new("scgi");

    public string Name => "ngx_http_scgi_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        .. CacheKeys.Rows,
        new("scgi_bind", Ignored),

        new(BufferSize, Implemented) { Value = ValueKind.Size },
        new("scgi_buffering", Ignored) { Value = ValueKind.Flag, Note = "responses are streamed to the client as they arrive (as with scgi_buffering off)" },
        new("scgi_buffers", Ignored) { Value = ValueKind.Buffers },

        new("scgi_busy_buffers_size", Ignored) { Value = ValueKind.Size },

        new(ConnectTimeout, Implemented) { Value = ValueKind.Time },
        new("scgi_force_ranges", Ignored) { Value = ValueKind.Flag },

        new(HideHeader, Implemented),
        new("scgi_ignore_client_abort", Ignored) { Value = ValueKind.Flag },

        new(InterceptErrors, Implemented) { Value = ValueKind.Flag },
        new("scgi_limit_rate", Ignored) { Value = ValueKind.Size },

        new("scgi_max_temp_file_size", Ignored) { Value = ValueKind.Size },

        new(NextUpstream, Implemented) { Value = ValueKind.ChoiceList, Choices = ["error", "timeout", "denied", "invalid_header", "non_idempotent", "http_500", "http_503", "http_403", "http_404", "http_429", "updating", "off"] },
        new(NextUpstreamTimeout, Implemented) { Value = ValueKind.Time },
        new(NextUpstreamTries, Implemented) { Value = ValueKind.Number },

        new(Param, Implemented) { Check = CgiChecks.Param },
        new(Pass, Implemented) { Check = ProxyChecks.OtherPass },
        new(PassHeader, Implemented),
        new(PassRequestBody, Implemented) { Value = ValueKind.Flag },
        new(PassRequestHeaders, Implemented) { Value = ValueKind.Flag },
        new(ReadTimeout, Implemented) { Value = ValueKind.Time },
        new("scgi_request_buffering", Ignored) { Value = ValueKind.Flag, Note = "the whole request body is read before it goes upstream (as with scgi_request_buffering on)" },
        new("scgi_send_timeout", Ignored) { Value = ValueKind.Time, Note = "the request is sent upstream without a timeout of its own" },
        new("scgi_socket_keepalive", Ignored) { Value = ValueKind.Flag },

        new("scgi_store", Refused) { Note = "responses are not stored yet: what it keeps would be lost" },
        new("scgi_store_access", Ignored) { Note = "storing responses is not supported" },

        new("scgi_temp_file_write_size", Ignored) { Value = ValueKind.Size },

        new("scgi_temp_path", Ignored),

    ];
}
