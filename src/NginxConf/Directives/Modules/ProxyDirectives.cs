using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_proxy_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class ProxyDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Pass = new("proxy_pass");
    public static readonly DirectiveKey<TimeSpan> ConnectTimeout = DirectiveKey.Time("proxy_connect_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<TimeSpan> ReadTimeout = DirectiveKey.Time("proxy_read_timeout", TimeSpan.FromSeconds(60));

    /// <summary>
    /// <c>proxy_ignore_headers</c>: upstream headers not acted on. Of those we would act on (X-Accel-Redirect,
    /// X-Accel-Limit-Rate, X-Accel-Buffering, the cache's) the listed ones are not; X-Accel-Charset we never act on.
    /// </summary>
    public static readonly DirectiveKey IgnoreHeaders = new("proxy_ignore_headers");

    /// <summary><c>proxy_limit_rate</c>: bytes per second read from the upstream; 0, no limit.</summary>
    public static readonly DirectiveKey<long> LimitRate = DirectiveKey.Size("proxy_limit_rate", 0);
    /// <summary><c>proxy_buffering</c>: the upstream's response is read into memory buffers, then a temp file, as fast as the peer sends it.</summary>
    public static readonly DirectiveKey<bool> Buffering = DirectiveKey.Flag("proxy_buffering", true);
    /// <summary><c>proxy_buffer_size</c>: the buffer the response header must fit in (ngx_pagesize by default).</summary>
    public static readonly DirectiveKey<long> BufferSize = DirectiveKey.Size("proxy_buffer_size", 4096);
    /// <summary><c>proxy_buffers NUMBER SIZE</c> (8 4k).</summary>
    public static readonly DirectiveKey Buffers = new("proxy_buffers");
    /// <summary><c>proxy_busy_buffers_size</c>; unset, twice the larger of proxy_buffer_size and one proxy_buffers.</summary>
    public static readonly DirectiveKey BusyBuffersSize = new("proxy_busy_buffers_size");
    /// <summary><c>proxy_max_temp_file_size</c>; unset, 1024m; 0 keeps the response in memory buffers only.</summary>
    public static readonly DirectiveKey MaxTempFileSize = new("proxy_max_temp_file_size");
    /// <summary><c>proxy_temp_file_write_size</c>; unset, twice the larger of proxy_buffer_size and one proxy_buffers.</summary>
    public static readonly DirectiveKey TempFileWriteSize = new("proxy_temp_file_write_size");
    /// <summary><c>proxy_temp_path PATH [LEVEL1 [LEVEL2 [LEVEL3]]]</c>: where a buffered response spills.</summary>
    public static readonly DirectiveKey TempPath = new("proxy_temp_path");
    public static readonly DirectiveKey<string> HttpVersion = DirectiveKey.Text("proxy_http_version", "1.0");
    public static readonly DirectiveKey<bool> InterceptErrors = DirectiveKey.Flag("proxy_intercept_errors", false);
    public static readonly DirectiveKey Method = new("proxy_method");
    public static readonly DirectiveKey<bool> PassRequestHeaders = DirectiveKey.Flag("proxy_pass_request_headers", true);
    public static readonly DirectiveKey<bool> PassRequestBody = DirectiveKey.Flag("proxy_pass_request_body", true);
    public static readonly DirectiveKey<bool> RequestBuffering = DirectiveKey.Flag("proxy_request_buffering", true);
    public static readonly DirectiveKey NextUpstream = new("proxy_next_upstream");
    /// <summary>0: no limit.</summary>
    public static readonly DirectiveKey<long> NextUpstreamTries = DirectiveKey.Number("proxy_next_upstream_tries", 0);
    /// <summary>0: no limit.</summary>
    public static readonly DirectiveKey<TimeSpan> NextUpstreamTimeout = DirectiveKey.Time("proxy_next_upstream_timeout", TimeSpan.Zero);
    public static readonly DirectiveKey SetHeader = new("proxy_set_header");
    /// <summary><c>proxy_set_body</c>: the body sent upstream in place of the client's (variables allowed).</summary>
    public static readonly DirectiveKey SetBody = new("proxy_set_body");
    public static readonly DirectiveKey Redirect = new("proxy_redirect");
    /// <summary><c>proxy_force_ranges</c>: byte ranges of proxied and cached answers whatever the peer's Accept-Ranges.</summary>
    public static readonly DirectiveKey<bool> ForceRanges = DirectiveKey.Flag("proxy_force_ranges", false);
    public static readonly DirectiveKey CookieDomain = new("proxy_cookie_domain");
    public static readonly DirectiveKey CookiePath = new("proxy_cookie_path");
    public static readonly DirectiveKey CookieFlags = new("proxy_cookie_flags");
    public static readonly DirectiveKey PassHeader = new("proxy_pass_header");
    public static readonly DirectiveKey HideHeader = new("proxy_hide_header");
    public static readonly DirectiveKey<bool> SslVerify = DirectiveKey.Flag("proxy_ssl_verify", false);
    public static readonly DirectiveKey SslTrustedCertificate = new("proxy_ssl_trusted_certificate");
    public static readonly DirectiveKey SslCertificate = new("proxy_ssl_certificate");
    public static readonly DirectiveKey SslCertificateKey = new("proxy_ssl_certificate_key");
    public static readonly DirectiveKey SslPasswordFile = new("proxy_ssl_password_file");
    public static readonly DirectiveKey SslName = new("proxy_ssl_name");
    public static readonly DirectiveKey<bool> SslServerName = DirectiveKey.Flag("proxy_ssl_server_name", false);
    public static readonly DirectiveKey SslCiphers = new("proxy_ssl_ciphers");
    public static readonly DirectiveKey SslProtocols = new("proxy_ssl_protocols");
    public static readonly DirectiveKey SslVerifyDepth = new("proxy_ssl_verify_depth");
    public static readonly DirectiveKey CachePath = new("proxy_cache_path");
    public static readonly DirectiveKey Cache = new("proxy_cache");
    public static readonly DirectiveKey CacheKey = new("proxy_cache_key");
    public static readonly DirectiveKey CacheValid = new("proxy_cache_valid");
    public static readonly DirectiveKey CacheMethods = new("proxy_cache_methods");
    public static readonly DirectiveKey<long> CacheMinUses = DirectiveKey.Number("proxy_cache_min_uses", 1);
    public static readonly DirectiveKey CacheBypass = new("proxy_cache_bypass");
    public static readonly DirectiveKey NoCache = new("proxy_no_cache");
    public static readonly DirectiveKey CacheUseStale = new("proxy_cache_use_stale");
    public static readonly DirectiveKey<bool> CacheLock = DirectiveKey.Flag("proxy_cache_lock", false);
    public static readonly DirectiveKey<TimeSpan> CacheLockTimeout = DirectiveKey.Time("proxy_cache_lock_timeout", TimeSpan.FromSeconds(5));
    public static readonly DirectiveKey<TimeSpan> CacheLockAge = DirectiveKey.Time("proxy_cache_lock_age", TimeSpan.FromSeconds(5));
    public static readonly DirectiveKey<bool> CacheRevalidate = DirectiveKey.Flag("proxy_cache_revalidate", false);
    public static readonly DirectiveKey<bool> CacheBackgroundUpdate = DirectiveKey.Flag("proxy_cache_background_update", false);
    public static readonly DirectiveKey<bool> CacheConvertHead = DirectiveKey.Flag("proxy_cache_convert_head", true);
    public static readonly DirectiveKey<long> CacheMaxRangeOffset = DirectiveKey.Size("proxy_cache_max_range_offset", long.MaxValue);
    /// <summary>NGINX Plus's: a request for which one value is set (non-empty, not "0") removes the entry of its key, or every entry of a key prefix ending in <c>*</c>.</summary>
    public static readonly DirectiveKey CachePurge = new("proxy_cache_purge");

    /// <summary><c>proxy_store on|off|PATH</c>: a buffered 200 the peer sent whole is kept as a file (at the URI mapped by root/alias for <c>on</c>).</summary>
    public static readonly DirectiveKey Store = new("proxy_store");
    /// <summary><c>proxy_store_access user:rw group:rw all:r</c>: the stored file's mode (0600 unset).</summary>
    public static readonly DirectiveKey StoreAccess = new("proxy_store_access");

    public string Name => "ngx_http_proxy_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("proxy_bind", Ignored),
        new(BufferSize, Implemented) { Value = ValueKind.Size },
        new(Buffering, Implemented) { Value = ValueKind.Flag },
        new(Buffers, Implemented) { Value = ValueKind.Buffers },
        new(BusyBuffersSize, Implemented) { Value = ValueKind.Size },
        new(Cache, Implemented) { Check = ProxyChecks.ProxyCache },
        new(CacheBackgroundUpdate, Implemented) { Value = ValueKind.Flag },
        new(CacheBypass, Implemented),
        new(CacheConvertHead, Implemented) { Value = ValueKind.Flag },
        new(CacheKey, Implemented),
        new(CacheLock, Implemented) { Value = ValueKind.Flag },
        new(CacheLockAge, Implemented) { Value = ValueKind.Time },
        new(CacheLockTimeout, Implemented) { Value = ValueKind.Time },
        new(CacheMaxRangeOffset, Implemented) { Value = ValueKind.Offset },
        new(CacheMethods, Implemented) { Value = ValueKind.ChoiceList, Choices = UpstreamCacheKeys.MethodChoices },
        new(CacheMinUses, Implemented) { Value = ValueKind.Number },
        new(CachePath, Implemented),
        new(CachePurge, HttpAny, Arity.OneOrMore, Implemented),
        new(CacheRevalidate, Implemented) { Value = ValueKind.Flag },
        new(CacheUseStale, Implemented) { Value = ValueKind.ChoiceList, Choices = ["error", "timeout", "invalid_header", "updating", "http_500", "http_502", "http_503", "http_504", "http_403", "http_404", "http_429", "off"] },
        new(CacheValid, Implemented),
        new(ConnectTimeout, Implemented) { Value = ValueKind.Time },
        new(CookieDomain, Implemented) { Check = ProxyChecks.ProxyCookie },
        new(CookieFlags, Implemented) { Check = ProxyChecks.ProxyCookie },
        new(CookiePath, Implemented) { Check = ProxyChecks.ProxyCookie },
        new(ForceRanges, Implemented) { Value = ValueKind.Flag },
        new("proxy_headers_hash_bucket_size", Ignored) { Value = ValueKind.Number },
        new("proxy_headers_hash_max_size", Ignored) { Value = ValueKind.Number },
        new(HideHeader, Implemented),
        new(HttpVersion, Implemented) { Value = ValueKind.Choice, Choices = ["1.0", "1.1"] },
        new("proxy_ignore_client_abort", Ignored) { Value = ValueKind.Flag },
        new(IgnoreHeaders, Implemented) { Value = ValueKind.ChoiceList, Choices = UpstreamCacheKeys.IgnoreHeaderChoices },
        new(InterceptErrors, Implemented) { Value = ValueKind.Flag },
        new(LimitRate, Implemented) { Value = ValueKind.Size },
        new(MaxTempFileSize, Implemented) { Value = ValueKind.Size },
        new(Method, Implemented),
        new(NextUpstream, Implemented) { Value = ValueKind.ChoiceList, Choices = ["error", "timeout", "denied", "invalid_header", "non_idempotent", "http_500", "http_502", "http_503", "http_504", "http_403", "http_404", "http_429", "off"] },
        new(NextUpstreamTimeout, Implemented) { Value = ValueKind.Time },
        new(NextUpstreamTries, Implemented) { Value = ValueKind.Number },
        new(NoCache, Implemented),
        new(Pass, Implemented) { Check = ProxyChecks.ProxyPass },
        new(PassHeader, Implemented),
        new(PassRequestBody, Implemented) { Value = ValueKind.Flag },
        new(PassRequestHeaders, Implemented) { Value = ValueKind.Flag },
        new(ReadTimeout, Implemented) { Value = ValueKind.Time },
        new(Redirect, Implemented) { Check = ProxyChecks.ProxyRedirect },
        new(RequestBuffering, Implemented) { Value = ValueKind.Flag },
        new("proxy_send_lowat", Ignored),
        new("proxy_send_timeout", Ignored) { Value = ValueKind.Time, Note = "the request is sent upstream without a timeout of its own (.NET's HttpClient has none)" },
        new(SetBody, Implemented),
        new(SetHeader, Implemented),
        new("proxy_socket_keepalive", Ignored) { Value = ValueKind.Flag },
        new(SslCertificate, Implemented) { Check = SslChecks.Certificate },
        new(SslCertificateKey, Implemented) { Check = SslChecks.CertificateKey },
        new(SslCiphers, Implemented) { Check = SslChecks.Ciphers },
        new("proxy_ssl_conf_command", Refused) { Note = "OpenSSL configuration commands are not applied: the TLS policy they set would not hold" },
        new("proxy_ssl_crl", Refused) { Note = "upstream certificates are not checked against a CRL yet: a revoked one would be trusted" },
        new(SslName, Implemented),
        new(SslPasswordFile, Implemented),
        new(SslProtocols, Implemented) { Value = ValueKind.ChoiceList, Choices = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"], Check = SslChecks.Protocols },
        new(SslServerName, Implemented) { Value = ValueKind.Flag },
        new("proxy_ssl_session_reuse", Ignored) { Value = ValueKind.Flag },
        new(SslTrustedCertificate, Implemented) { Check = SslChecks.Authorities },
        new(SslVerify, Implemented) { Value = ValueKind.Flag },
        new(SslVerifyDepth, Implemented) { Value = ValueKind.Number },
        new(Store, Implemented) { Check = ProxyChecks.ProxyStore },
        new(StoreAccess, Implemented) { Check = ProxyChecks.StoreAccess },
        new(TempFileWriteSize, Implemented) { Value = ValueKind.Size },
        new(TempPath, Implemented),
    ];
}
