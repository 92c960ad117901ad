using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Variables;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Proxy;

/// <summary>The proxy settings the forwarder honours (inheritance applied).</summary>
public sealed record ProxySettings(TimeSpan ConnectTimeout, TimeSpan ReadTimeout, bool Http11)
{
    /// <summary><c>proxy_next_upstream</c>, <c>_tries</c>, <c>_timeout</c>.</summary>
    public NextUpstreamRules NextUpstream { get; init; } = NextUpstreamRules.Default;

    /// <summary><c>proxy_set_header</c> of the nearest level that has any.</summary>
    public ProxyHeaders Headers { get; init; } = ProxyHeaders.None;

    /// <summary>Upstream response headers not passed on (<c>proxy_hide_header</c> / <c>proxy_pass_header</c>).</summary>
    public ProxyHiddenHeaders HiddenHeaders { get; init; } = ProxyHiddenHeaders.Default;

    /// <summary><c>proxy_method</c> (variables allowed); null sends the client's method.</summary>
    public ComplexValue? Method { get; init; }

    /// <summary><c>proxy_pass_request_headers</c>: off sends only nginx's own and <c>proxy_set_header</c> headers.</summary>
    public bool PassRequestHeaders { get; init; } = true;

    /// <summary><c>proxy_set_body</c>: the body sent in place of the client's (whatever <c>proxy_pass_request_body</c> says); null sends the client's.</summary>
    public ComplexValue? SetBody { get; init; }

    /// <summary><c>proxy_pass_request_body</c>: off sends no body.</summary>
    public bool PassRequestBody { get; init; } = true;

    /// <summary><c>proxy_request_buffering</c>: off streams the client's body to the peer as it comes.</summary>
    public bool RequestBuffering { get; init; } = true;

    /// <summary><c>proxy_intercept_errors</c>: an upstream status of 300 or more with an error_page goes to that page.</summary>
    public bool InterceptErrors { get; init; }

    /// <summary><c>proxy_ignore_headers</c>: the upstream headers not acted on (case-insensitive, as nginx's bitmask).</summary>
    public IReadOnlySet<string> IgnoredHeaders { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>proxy_limit_rate</c>: bytes per second of the upstream's body; 0, no limit.</summary>
    public long LimitRate { get; init; }

    /// <summary><c>proxy_buffering</c>, <c>proxy_buffers</c>, <c>proxy_buffer_size</c> and the temp file's directives.</summary>
    public ResponseBuffering Buffering { get; init; } = ResponseBuffering.Default;

    /// <summary><c>proxy_redirect</c> rules in effect; null when Location and Refresh pass unchanged.</summary>
    public ProxyRedirects? Redirects { get; init; }

    /// <summary><c>proxy_force_ranges</c>: the range filter answers a Range whatever the peer's Accept-Ranges said.</summary>
    public bool ForceRanges { get; init; }

    /// <summary><c>proxy_cookie_domain</c>, <c>_path</c>, <c>_flags</c> in effect; null when Set-Cookie passes unchanged.</summary>
    public ProxyCookies? Cookies { get; init; }

    /// <summary><c>proxy_cache</c> and its directives; null when the location does not cache.</summary>
    public Cache.CachePolicy? Cache { get; init; }

    /// <summary><c>proxy_store</c> and <c>proxy_store_access</c>; null when responses are not stored (a nearer <c>proxy_cache</c> wins).</summary>
    public ResponseStore? Store { get; init; }

    /// <summary>The proxy module's cache directives (fastcgi's would name its own).</summary>
    public static readonly Cache.CacheDirectiveKeys CacheKeys = new(ProxyDirectives.CachePath, ProxyDirectives.Cache, ProxyDirectives.CacheKey, ProxyDirectives.CacheValid,
        ProxyDirectives.CacheMethods, ProxyDirectives.CacheMinUses, ProxyDirectives.CacheBypass, ProxyDirectives.NoCache, ProxyDirectives.CacheUseStale,
        ProxyDirectives.CacheLock, ProxyDirectives.CacheLockTimeout, ProxyDirectives.CacheLockAge, ProxyDirectives.CacheRevalidate,
        ProxyDirectives.CacheConvertHead, ProxyDirectives.CacheMaxRangeOffset, ProxyDirectives.IgnoreHeaders, ProxyDirectives.CachePurge,
        "$scheme$proxy_host$request_uri", ProxyDirectives.CacheBackgroundUpdate);

    public static ProxySettings Compile(DirectiveScope scope, CompileContext context)
    {
        var store = ResponseStore.Compile(scope, context);
        return new(
        scope.Get(ProxyDirectives.ConnectTimeout, context),
        scope.Get(ProxyDirectives.ReadTimeout, context),
        scope.Get(ProxyDirectives.HttpVersion, context) == "1.1")
    {
        NextUpstream = CompileNextUpstream(scope, context, ProxyDirectives.NextUpstream, ProxyDirectives.NextUpstreamTries, ProxyDirectives.NextUpstreamTimeout),
        Headers = ProxyHeaders.Compile(scope, context),
        HiddenHeaders = ProxyHiddenHeaders.Compile(scope),
        Redirects = ProxyRedirects.Compile(scope, context),
        Cookies = ProxyCookies.Compile(scope, context),
        ForceRanges = scope.Get(ProxyDirectives.ForceRanges, context),
        InterceptErrors = scope.Get(ProxyDirectives.InterceptErrors, context),
        Method = scope.Nearest(ProxyDirectives.Method) is { Args.Count: 1 } method ? ComplexValue.Compile(method.Args[0].Value, context, method.Position) : null,
        PassRequestHeaders = scope.Get(ProxyDirectives.PassRequestHeaders, context),
        PassRequestBody = scope.Get(ProxyDirectives.PassRequestBody, context),
        RequestBuffering = scope.Get(ProxyDirectives.RequestBuffering, context),
        SetBody = scope.Nearest(ProxyDirectives.SetBody) is { Args.Count: 1 } body ? ComplexValue.Compile(body.Args[0].Value, context, body.Position) : null,
        LimitRate = scope.Get(ProxyDirectives.LimitRate, context),
        Buffering = ResponseBuffering.Compile(scope, context),
        IgnoredHeaders = scope.Nearest(ProxyDirectives.IgnoreHeaders) is { } ignore
            ? ignore.Args.Select(a => a.Value).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        Store = store,
        // ngx_http_proxy_merge_loc_conf: a proxy_store nearer than the proxy_cache turns the cache off
        Cache = store is null ? Runtime.Cache.CachePolicy.Compile(scope, context, CacheKeys) : null,
    };
    }

    /// <summary>
    /// <c>*_next_upstream</c>, <c>_tries</c>, <c>_timeout</c> of one module (proxy, fastcgi, scgi, uwsgi, memcached);
    /// <paramref name="coreName"/> gives a module's own condition names the core's (memcached's <c>not_found</c> is http_404).
    /// </summary>
    public static NextUpstreamRules CompileNextUpstream(DirectiveScope scope, CompileContext context,
        NginxConf.Directives.DirectiveKey conditionsKey, NginxConf.Directives.DirectiveKey<long> triesKey, NginxConf.Directives.DirectiveKey<TimeSpan> timeoutKey,
        Func<string, string>? coreName = null)
    {
        var conditions = NextUpstreamRules.Default.Conditions;
        if (scope.Nearest(conditionsKey) is { } directive)
        {
            var (parsed, error) = NextUpstreamRules.ParseConditions(directive.Args.Select(a => coreName is null ? a.Value : coreName(a.Value)), conditionsKey.Name);
            if (error is not null) context.Error(error, directive.Position);
            else conditions = parsed;
        }
        var tries = (int)Math.Min(scope.Get(triesKey, context), int.MaxValue);
        var timeout = scope.Get(timeoutKey, context);
        return new NextUpstreamRules(conditions, tries, timeout);
    }
}

/// <summary>Per-request proxy facts for <c>$proxy_host</c> / <c>$proxy_port</c>.</summary>
public sealed record ProxyRequestState(string ProxyHost, string ProxyPort);
