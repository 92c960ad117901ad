using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_fastcgi_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class FastCgiDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Pass = new("fastcgi_pass");
    public static readonly DirectiveKey Param = new("fastcgi_param");
    public static readonly DirectiveKey<string> Index = DirectiveKey.Text("fastcgi_index", "");
    public static readonly DirectiveKey SplitPathInfo = new("fastcgi_split_path_info");
    public static readonly DirectiveKey<bool> KeepConn = DirectiveKey.Flag("fastcgi_keep_conn", false);
    public static readonly DirectiveKey<TimeSpan> ConnectTimeout = DirectiveKey.Time("fastcgi_connect_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<TimeSpan> ReadTimeout = DirectiveKey.Time("fastcgi_read_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<bool> InterceptErrors = DirectiveKey.Flag("fastcgi_intercept_errors", false);
    public static readonly DirectiveKey<bool> PassRequestHeaders = DirectiveKey.Flag("fastcgi_pass_request_headers", true);
    public static readonly DirectiveKey<bool> PassRequestBody = DirectiveKey.Flag("fastcgi_pass_request_body", true);
    public static readonly DirectiveKey NextUpstream = new("fastcgi_next_upstream");
    /// <summary>0: no limit.</summary>
    public static readonly DirectiveKey<long> NextUpstreamTries = DirectiveKey.Number("fastcgi_next_upstream_tries", 0);
    /// <summary>0: no limit.</summary>
    public static readonly DirectiveKey<TimeSpan> NextUpstreamTimeout = DirectiveKey.Time("fastcgi_next_upstream_timeout", TimeSpan.Zero);
    public static readonly DirectiveKey PassHeader = new("fastcgi_pass_header");
    public static readonly DirectiveKey HideHeader = new("fastcgi_hide_header");
    public static readonly DirectiveKey CatchStderr = new("fastcgi_catch_stderr");
    /// <summary>The response header must fit in one buffer of this size (nginx's default is one memory page).</summary>
    public static readonly DirectiveKey<long> BufferSize = DirectiveKey.Size("fastcgi_buffer_size", 4096);

    public static readonly UpstreamCacheKeys CacheKeys = new("fastcgi");

    public string Name => "ngx_http_fastcgi_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        .. CacheKeys.Rows,
        new("fastcgi_bind", Ignored),
        new(BufferSize, Implemented) { Value = ValueKind.Size },
        new("fastcgi_buffering", Ignored) { Value = ValueKind.Flag, Note = "responses are streamed to the client as they arrive (as with fastcgi_buffering off)" },
        new("fastcgi_buffers", Ignored) { Value = ValueKind.Buffers },
        new("fastcgi_busy_buffers_size", Ignored) { Value = ValueKind.Size },
        new(CatchStderr, Implemented),
        new(ConnectTimeout, Implemented) { Value = ValueKind.Time },
        new("fastcgi_force_ranges", Ignored) { Value = ValueKind.Flag },
        new(HideHeader, Implemented),
        new("fastcgi_ignore_client_abort", Ignored) { Value = ValueKind.Flag },
        new(Index, Implemented),
        new(InterceptErrors, Implemented) { Value = ValueKind.Flag },
        new(KeepConn, Implemented) { Value = ValueKind.Flag },
        new("fastcgi_limit_rate", Ignored) { Value = ValueKind.Size },
        new("fastcgi_max_temp_file_size", Ignored) { Value = ValueKind.Size },
        new(NextUpstream, Implemented) { Value = ValueKind.ChoiceList, Choices = ["error", "timeout", "denied", "invalid_header", "non_idempotent", "http_500", "http_503", "http_403", "http_404", "http_429", "updating", "off"] },
        new(NextUpstreamTimeout, Implemented) { Value = ValueKind.Time },
        new(NextUpstreamTries, Implemented) { Value = ValueKind.Number },
        new(Param, Implemented) { Check = CgiChecks.Param },
        new(Pass, Implemented) { Check = ProxyChecks.OtherPass },
        new(PassHeader, Implemented),
        new(PassRequestBody, Implemented) { Value = ValueKind.Flag },
        new(PassRequestHeaders, Implemented) { Value = ValueKind.Flag },
        new(ReadTimeout, Implemented) { Value = ValueKind.Time },
        new("fastcgi_request_buffering", Ignored) { Value = ValueKind.Flag, Note = "the whole request body is read before it goes upstream (as with fastcgi_request_buffering on)" },
        new("fastcgi_send_lowat", Ignored),
        new("fastcgi_send_timeout", Ignored) { Value = ValueKind.Time, Note = "the request is sent upstream without a timeout of its own" },
        new("fastcgi_socket_keepalive", Ignored) { Value = ValueKind.Flag },
        new(SplitPathInfo, Implemented) { Check = CgiChecks.SplitPathInfo },
        new("fastcgi_store", Refused) { Note = "responses are not stored yet: what it keeps would be lost" },
        new("fastcgi_store_access", Ignored) { Note = "storing responses is not supported" },
        new("fastcgi_temp_file_write_size", Ignored) { Value = ValueKind.Size },
        new("fastcgi_temp_path", Ignored),
    ];
}
