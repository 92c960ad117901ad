using ProxyServer.NginxConf.Directives;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Cgi;

/// <summary>The directives every CGI-speaking module (fastcgi, scgi, uwsgi) declares under its own prefix, as keys of its table.</summary>
public sealed record CgiKeys(
    DirectiveKey Param,
    DirectiveKey<TimeSpan> ConnectTimeout,
    DirectiveKey<TimeSpan> ReadTimeout,
    DirectiveKey<bool> InterceptErrors,
    DirectiveKey<bool> PassRequestHeaders,
    DirectiveKey<bool> PassRequestBody,
    DirectiveKey NextUpstream,
    DirectiveKey<long> NextUpstreamTries,
    DirectiveKey<TimeSpan> NextUpstreamTimeout,
    DirectiveKey PassHeader,
    DirectiveKey HideHeader,
    DirectiveKey<long> BufferSize,
    Cache.CacheDirectiveKeys? Cache = null);

/// <summary>A location's settings of one CGI-speaking module, inherited as nginx merges them (ngx_http_*_merge_loc_conf).</summary>
public sealed record CgiSettings(TimeSpan ConnectTimeout, TimeSpan ReadTimeout, CgiParams Params)
{
    public NextUpstreamRules NextUpstream { get; init; } = NextUpstreamRules.Default;
    public ProxyHiddenHeaders HiddenHeaders { get; init; } = ProxyHiddenHeaders.Default;
    public bool InterceptErrors { get; init; }

    /// <summary>nginx's <c>intercept_404</c> (memcached's miss): a 404 becomes the server's own, whatever <c>*_intercept_errors</c> says.</summary>
    public bool Intercepts404 { get; init; }
    public bool PassRequestHeaders { get; init; } = true;
    public bool PassRequestBody { get; init; } = true;

    /// <summary><c>*_cache*</c>: the location's caching on the one cache core, null when it does not cache.</summary>
    public Cache.CachePolicy? Cache { get; init; }

    /// <summary><c>*_buffer_size</c>: the response header must fit in it.</summary>
    public long BufferSize { get; init; } = 4096;

    public static CgiSettings Compile(DirectiveScope scope, CompileContext context, CgiKeys keys)
    {
        var cache = keys.Cache is null ? null : Runtime.Cache.CachePolicy.Compile(scope, context, keys.Cache);
        return Compile(scope, context, keys, cache);
    }

    private static CgiSettings Compile(DirectiveScope scope, CompileContext context, CgiKeys keys, Cache.CachePolicy? cache) => new(
        scope.Get(keys.ConnectTimeout, context),
        scope.Get(keys.ReadTimeout, context),
        CgiParams.Compile(scope, keys.Param, context, cached: cache is not null))
    {
        Cache = cache,
        NextUpstream = ProxySettings.CompileNextUpstream(scope, context, keys.NextUpstream, keys.NextUpstreamTries, keys.NextUpstreamTimeout),
        HiddenHeaders = ProxyHiddenHeaders.Compile(scope, keys.PassHeader, keys.HideHeader, ProxyHiddenHeaders.CgiDefaults),
        InterceptErrors = scope.Get(keys.InterceptErrors, context),
        PassRequestHeaders = scope.Get(keys.PassRequestHeaders, context),
        PassRequestBody = scope.Get(keys.PassRequestBody, context),
        BufferSize = scope.Get(keys.BufferSize, context),
    };
}
