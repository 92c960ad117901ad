using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_core_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class HttpCoreDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Http = new("http");
    /// <summary><c>server { }</c> in http (the upstream block's <c>server</c> is <see cref="UpstreamDirectives.Server"/>).</summary>
    public static readonly DirectiveKey Server = new("server");
    public static readonly DirectiveKey Location = new("location");
    public static readonly DirectiveKey Listen = new("listen");
    public static readonly DirectiveKey ServerName = new("server_name");
    public static readonly DirectiveKey Types = new("types");
    public static readonly DirectiveKey TryFiles = new("try_files");
    public static readonly DirectiveKey<string> Root = DirectiveKey.Text("root", "html");
    public static readonly DirectiveKey Alias = new("alias");
    public static readonly DirectiveKey ErrorPage = new("error_page");
    public static readonly DirectiveKey Internal = new("internal");
    /// <summary><c>on | off | build</c>, read by its own rule.</summary>
    public static readonly DirectiveKey ServerTokens = new("server_tokens");
    /// <summary>0 = unlimited.</summary>
    public static readonly DirectiveKey<long> ClientBodyBufferSize = DirectiveKey.Size("client_body_buffer_size", 2 * 4096);
    public static readonly DirectiveKey<string> ClientBodyInFileOnly = DirectiveKey.Text("client_body_in_file_only", "off");
    public static readonly DirectiveKey ClientBodyTempPath = new("client_body_temp_path");
    public static readonly DirectiveKey<long> ClientMaxBodySize = DirectiveKey.Size("client_max_body_size", 1024 * 1024);
    /// <summary>
    /// A body up to this size stays in one memory buffer, where <c>$request_body</c> can read it; nginx writes a
    /// larger one to a temp file (default two memory pages: 8k on x86-64).
    /// </summary>
    public static readonly DirectiveKey<bool> RecursiveErrorPages = DirectiveKey.Flag("recursive_error_pages", false);
    public static readonly DirectiveKey<string> DefaultType = DirectiveKey.Text("default_type", "text/plain");
    public static readonly DirectiveKey<bool> AbsoluteRedirect = DirectiveKey.Flag("absolute_redirect", true);
    public static readonly DirectiveKey<bool> PortInRedirect = DirectiveKey.Flag("port_in_redirect", true);
    public static readonly DirectiveKey<bool> ServerNameInRedirect = DirectiveKey.Flag("server_name_in_redirect", false);
    public static readonly DirectiveKey<bool> MsiePadding = DirectiveKey.Flag("msie_padding", true);
    public static readonly DirectiveKey<bool> ChunkedTransferEncoding = DirectiveKey.Flag("chunked_transfer_encoding", true);
    public static readonly DirectiveKey<bool> MsieRefresh = DirectiveKey.Flag("msie_refresh", false);
    public static readonly DirectiveKey<TimeSpan> ClientBodyTimeout = DirectiveKey.Time("client_body_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<bool> LogNotFound = DirectiveKey.Flag("log_not_found", true);
    public static readonly DirectiveKey<bool> LogSubrequest = DirectiveKey.Flag("log_subrequest", false);
    /// <summary>The buffer an in-memory subrequest's answer must fit (SSI's <c>include set=</c>): one page, 4k here.</summary>
    public static readonly DirectiveKey<long> SubrequestOutputBufferSize = DirectiveKey.Size("subrequest_output_buffer_size", 4096);
    /// <summary>The first argument (the second, the <c>Keep-Alive: timeout=</c> header, is not sent).</summary>
    public static readonly DirectiveKey<TimeSpan> KeepaliveTimeout = DirectiveKey.Time("keepalive_timeout", TimeSpan.FromSeconds(75));
    public static readonly DirectiveKey<bool> IgnoreInvalidHeaders = DirectiveKey.Flag("ignore_invalid_headers", true);
    public static readonly DirectiveKey<bool> UnderscoresInHeaders = DirectiveKey.Flag("underscores_in_headers", false);
    public static readonly DirectiveKey<long> KeepaliveRequests = DirectiveKey.Number("keepalive_requests", 1000);
    public static readonly DirectiveKey<TimeSpan> KeepaliveTime = DirectiveKey.Time("keepalive_time", TimeSpan.FromHours(1));
    public static readonly DirectiveKey KeepaliveDisable = new("keepalive_disable");
    public static readonly DirectiveKey<TimeSpan> ClientHeaderTimeout = DirectiveKey.Time("client_header_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey LargeClientHeaderBuffers = new("large_client_header_buffers");
    /// <summary><c>send_timeout</c>: a client that takes nothing of the response for this long is closed.</summary>
    public static readonly DirectiveKey<TimeSpan> SendTimeout = DirectiveKey.Time("send_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<long> ClientHeaderBufferSize = DirectiveKey.Size("client_header_buffer_size", 1024);
    public static readonly DirectiveKey<bool> Etag = DirectiveKey.Flag("etag", true);
    public static readonly DirectiveKey IfModifiedSince = new("if_modified_since");
    public static readonly DirectiveKey MaxRanges = new("max_ranges");
    public static readonly DirectiveKey Resolver = new("resolver");
    /// <summary><c>all</c> (every access check must grant) or <c>any</c>.</summary>
    public static readonly DirectiveKey<string> Satisfy = DirectiveKey.Text("satisfy", "all");
    /// <summary>How long a 401 from the access phase waits before it is sent.</summary>
    public static readonly DirectiveKey<TimeSpan> AuthDelay = DirectiveKey.Time("auth_delay", TimeSpan.Zero);

    /// <summary>Bytes per second, with variables (read as a complex value, so as text here).</summary>
    public static readonly DirectiveKey<string> LimitRate = DirectiveKey.Text("limit_rate", "0");
    public static readonly DirectiveKey<string> LimitRateAfter = DirectiveKey.Text("limit_rate_after", "0");
    public static readonly DirectiveKey LimitExcept = new("limit_except");
    public static readonly DirectiveKey<TimeSpan> ResolverTimeout = DirectiveKey.Time("resolver_timeout", TimeSpan.FromSeconds(30));

    public string Name => "ngx_http_core_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(AbsoluteRedirect, Implemented) { Value = ValueKind.Flag },
        new("aio", Ignored),
        new("aio_write", Ignored) { Value = ValueKind.Flag },
        new(Alias, Implemented) { Check = HttpCoreChecks.RootOrAlias },
        new(AuthDelay, Implemented) { Value = ValueKind.Time },
        new(ChunkedTransferEncoding, Implemented) { Value = ValueKind.Flag },
        new(ClientBodyBufferSize, Implemented) { Value = ValueKind.Size },
        new(ClientBodyInFileOnly, Implemented) { Value = ValueKind.Choice, Choices = ["on", "clean", "off"] },
        new("client_body_in_single_buffer", Ignored) { Value = ValueKind.Flag, Note = "a body that fits client_body_buffer_size is in one buffer anyway; a larger one goes to the temp file" },
        new(ClientBodyTempPath, Implemented) { Check = HttpCoreChecks.TempPath },
        new(ClientBodyTimeout, Implemented) { Value = ValueKind.Time },
        new(ClientHeaderBufferSize, Implemented) { Value = ValueKind.Size },
        new(ClientHeaderTimeout, Implemented) { Value = ValueKind.Time },
        new(ClientMaxBodySize, Implemented) { Value = ValueKind.Offset },
        new("connection_pool_size", Ignored) { Value = ValueKind.Size },
        new(DefaultType, Implemented),
        new("directio", Ignored) { Value = ValueKind.Offset },
        new("directio_alignment", Ignored) { Value = ValueKind.Offset },
        new("disable_symlinks", Refused) { Note = "symbolic links are always followed: files the rule keeps out would be served" },
        new(ErrorPage, Implemented) { Check = HttpCoreChecks.ErrorPage },
        new(Etag, Implemented) { Value = ValueKind.Flag },
        new(Http, Implemented),
        new(IfModifiedSince, Implemented) { Value = ValueKind.Choice, Choices = ["off", "exact", "before"] },
        new(IgnoreInvalidHeaders, Implemented) { Value = ValueKind.Flag },
        new(Internal, Implemented),
        new(KeepaliveDisable, Implemented) { Value = ValueKind.ChoiceList, Choices = ["none", "msie6", "safari"] },
        new(KeepaliveRequests, Implemented) { Value = ValueKind.Number },
        new(KeepaliveTime, Implemented) { Value = ValueKind.Time },
        new(KeepaliveTimeout, Implemented) { Value = ValueKind.Time },
        new(LargeClientHeaderBuffers, Implemented) { Value = ValueKind.Buffers },
        new(LimitExcept, Implemented) { Check = HttpCoreChecks.LimitExcept },
        new(LimitRate, Implemented) { Check = LimitChecks.SizeWithVariables },
        new(LimitRateAfter, Implemented) { Check = LimitChecks.SizeWithVariables },
        new("lingering_close", Ignored) { Value = ValueKind.Choice, Choices = ["off", "on", "always"] },
        new("lingering_time", Ignored) { Value = ValueKind.Time },
        new("lingering_timeout", Ignored) { Value = ValueKind.Time },
        new(Listen, Implemented) { Check = HttpCoreChecks.Listen },
        new(Location, Implemented) { Check = HttpCoreChecks.Location },
        new(LogNotFound, Implemented) { Value = ValueKind.Flag },
        new(LogSubrequest, Implemented) { Value = ValueKind.Flag },
        new("max_headers", Ignored) { Value = ValueKind.Number },
        new(MaxRanges, Implemented) { Value = ValueKind.Number },
        new("merge_slashes", Ignored) { Value = ValueKind.Flag, Note = "slashes in the URI are always merged (merge_slashes on)" },
        new(MsiePadding, Implemented) { Value = ValueKind.Flag },
        new(MsieRefresh, Implemented) { Value = ValueKind.Flag },
        new("open_file_cache", Ignored),
        new("open_file_cache_errors", Ignored) { Value = ValueKind.Flag },
        new("open_file_cache_events", Ignored) { Value = ValueKind.Flag },
        new("open_file_cache_min_uses", Ignored) { Value = ValueKind.Number },
        new("open_file_cache_valid", Ignored) { Value = ValueKind.Seconds },
        new("output_buffers", Ignored) { Value = ValueKind.Buffers },
        new(PortInRedirect, Implemented) { Value = ValueKind.Flag },
        new("post_action", Refused) { Note = "post actions are not run: the request they would make would be lost" },
        new("postpone_gzipping", Ignored) { Value = ValueKind.Size, Note = "responses are not compressed" },
        new("postpone_output", Ignored) { Value = ValueKind.Size },
        new("read_ahead", Ignored) { Value = ValueKind.Size },
        new(RecursiveErrorPages, Implemented) { Value = ValueKind.Flag },
        new("request_pool_size", Ignored) { Value = ValueKind.Size },
        new("reset_timedout_connection", Ignored) { Value = ValueKind.Flag },
        new(Resolver, Implemented) { Check = HttpCoreChecks.Resolver },
        new(ResolverTimeout, Implemented) { Value = ValueKind.Time },
        new(Root, Implemented) { Check = HttpCoreChecks.RootOrAlias },
        new(Satisfy, Implemented) { Value = ValueKind.Choice, Choices = ["all", "any"] },
        new("send_lowat", Ignored),
        new(SendTimeout, Implemented) { Value = ValueKind.Time },
        new("sendfile", Ignored) { Value = ValueKind.Flag },
        new("sendfile_max_chunk", Ignored) { Value = ValueKind.Size },
        new(Server, Implemented) { Check = HttpCoreChecks.Server },
        new(ServerName, Implemented) { Check = HttpCoreChecks.ServerName },
        new(ServerNameInRedirect, Implemented) { Value = ValueKind.Flag },
        new("server_names_hash_bucket_size", Ignored) { Value = ValueKind.Number },
        new("server_names_hash_max_size", Ignored) { Value = ValueKind.Number },
        new(ServerTokens, Implemented),
        new(SubrequestOutputBufferSize, Implemented) { Value = ValueKind.Size },
        new("tcp_nodelay", Ignored) { Value = ValueKind.Flag },
        new("tcp_nopush", Ignored) { Value = ValueKind.Flag },
        new(TryFiles, Implemented) { Check = HttpCoreChecks.TryFiles },
        new(Types, Implemented),
        new("types_hash_bucket_size", Ignored) { Value = ValueKind.Number },
        new("types_hash_max_size", Ignored) { Value = ValueKind.Number },
        new(UnderscoresInHeaders, Implemented) { Value = ValueKind.Flag },
        new("variables_hash_bucket_size", Ignored) { Value = ValueKind.Number },
        new("variables_hash_max_size", Ignored),
    ];
}
