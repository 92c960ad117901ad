using static ProxyServer.NginxConf.Directives.DirectiveSupport;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>
/// The cache directives fastcgi, scgi and uwsgi each declare under their own prefix (the <c>NGX_HTTP_CACHE</c> rows of
/// ngx_http_fastcgi_module and its twins), with their rows: one cache core serves every upstream module, as nginx's
/// ngx_http_file_cache does. None of them has <c>*_cache_convert_head</c> or a default <c>*_cache_key</c>.
/// </summary>
public sealed class UpstreamCacheKeys
{
    /// <summary>What <c>*_cache_methods</c> may list (ngx_http_upstream_cache_method_mask).</summary>
    public static readonly string[] MethodChoices = ["GET", "HEAD", "POST", "PUT", "DELETE", "MKCOL", "COPY", "MOVE", "OPTIONS", "PROPFIND", "PROPPATCH", "LOCK", "UNLOCK", "PATCH"];

    /// <summary>What <c>*_ignore_headers</c> may list (ngx_http_upstream_ignore_headers_masks).</summary>
    public static readonly string[] IgnoreHeaderChoices = ["X-Accel-Redirect", "X-Accel-Expires", "X-Accel-Limit-Rate", "X-Accel-Buffering", "X-Accel-Charset", "Expires", "Cache-Control", "Set-Cookie", "Vary"];

    /// <summary>Why <c>*_cache_background_update on</c> is refused.</summary>
    public const string NoBackgroundUpdate = "stale entries are not refreshed in the background yet: the client would wait for the upstream";

    private readonly string _prefix;

    public UpstreamCacheKeys(string prefix)
    {
        _prefix = prefix;
        CachePath = new($"{prefix}_cache_path");
        Cache = new($"{prefix}_cache");
        CacheKey = new($"{prefix}_cache_key");
        CacheValid = new($"{prefix}_cache_valid");
        CacheMethods = new($"{prefix}_cache_methods");
        CacheMinUses = DirectiveKey.Number($"{prefix}_cache_min_uses", 1);
        CacheBypass = new($"{prefix}_cache_bypass");
        NoCache = new($"{prefix}_no_cache");
        CacheUseStale = new($"{prefix}_cache_use_stale");
        CacheLock = DirectiveKey.Flag($"{prefix}_cache_lock", false);
        CacheLockTimeout = DirectiveKey.Time($"{prefix}_cache_lock_timeout", TimeSpan.FromSeconds(5));
        CacheLockAge = DirectiveKey.Time($"{prefix}_cache_lock_age", TimeSpan.FromSeconds(5));
        CacheRevalidate = DirectiveKey.Flag($"{prefix}_cache_revalidate", false);
        CacheMaxRangeOffset = DirectiveKey.Size($"{prefix}_cache_max_range_offset", long.MaxValue);
        IgnoreHeaders = new($"{prefix}_ignore_headers");
    }

    public DirectiveKey CachePath { get; }
    public DirectiveKey Cache { get; }
    public DirectiveKey CacheKey { get; }
    public DirectiveKey CacheValid { get; }
    public DirectiveKey CacheMethods { get; }
    public DirectiveKey<long> CacheMinUses { get; }
    public DirectiveKey CacheBypass { get; }
    public DirectiveKey NoCache { get; }
    public DirectiveKey CacheUseStale { get; }
    public DirectiveKey<bool> CacheLock { get; }
    public DirectiveKey<TimeSpan> CacheLockTimeout { get; }
    public DirectiveKey<TimeSpan> CacheLockAge { get; }
    public DirectiveKey<bool> CacheRevalidate { get; }
    public DirectiveKey<long> CacheMaxRangeOffset { get; }
    public DirectiveKey IgnoreHeaders { get; }

    /// <summary>The rows of these directives in the module's table.</summary>
    public IEnumerable<DirectiveSpec> Rows =>
    [
        new(Cache, Implemented),
        new($"{_prefix}_cache_background_update", Refused) { Value = ValueKind.Flag, Note = NoBackgroundUpdate },
        new(CacheBypass, Implemented),
        new(CacheKey, Implemented),
        new(CacheLock, Implemented) { Value = ValueKind.Flag },
        new(CacheLockAge, Implemented) { Value = ValueKind.Time },
        new(CacheLockTimeout, Implemented) { Value = ValueKind.Time },
        new(CacheMaxRangeOffset, Implemented) { Value = ValueKind.Offset },
        new(CacheMethods, Implemented) { Value = ValueKind.ChoiceList, Choices = MethodChoices },
        new(CacheMinUses, Implemented) { Value = ValueKind.Number },
        new(CachePath, Implemented),
        new(CacheRevalidate, Implemented) { Value = ValueKind.Flag },
        new(CacheUseStale, Implemented) { Value = ValueKind.ChoiceList, Choices = ["error", "timeout", "invalid_header", "updating", "http_500", "http_503", "http_403", "http_404", "http_429", "off"] },
        new(CacheValid, Implemented),
        new(IgnoreHeaders, Implemented) { Value = ValueKind.ChoiceList, Choices = IgnoreHeaderChoices },
        new(NoCache, Implemented),
    ];
}
