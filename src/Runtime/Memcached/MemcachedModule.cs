using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Memcached;

/// <summary>
/// ngx_http_memcached_module: <c>memcached_pass</c> asks the peer for the value of <c>$memcached_key</c>
/// (<c>get KEY</c>) through the one upstream core and answers it as the body; a miss is the server's own 404.
/// </summary>
public sealed class MemcachedModule : IHttpModule
{
    public string Name => "ngx_http_memcached_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var scope = location.Scope;
        if (scope.OwnFirst(MemcachedDirectives.Pass) is null && location.Kind is not (LocationKind.If or LocationKind.LimitExcept)) return;
        if (ProxyModule.PassOf(location, MemcachedDirectives.Pass) is not { Args.Count: 1 } pass) return;
        // ngx_http_memcached_merge_loc_conf, with create_loc_conf's hardcoded values: errors and 404 intercepted, no headers or body sent
        var settings = new CgiSettings(scope.Get(MemcachedDirectives.ConnectTimeout, context), scope.Get(MemcachedDirectives.ReadTimeout, context), CgiParams.None)
        {
            NextUpstream = NextUpstreamOf(scope, context),
            InterceptErrors = true,
            Intercepts404 = true,
            PassRequestHeaders = false,
            PassRequestBody = false,
            BufferSize = scope.Get(MemcachedDirectives.BufferSize, context),
        };
        var gzipFlag = scope.Get(MemcachedDirectives.GzipFlag, context);
        var key = ComplexValue.Compile("$memcached_key", context, pass.Position);
        CgiContentHandler.Compile(location, context, MemcachedDirectives.Pass, "memcached",
            target => new MemcachedContentHandler(target, settings, key, gzipFlag));
    }

    /// <summary><c>memcached_next_upstream</c> in the core's conditions: <c>invalid_response</c> is invalid_header, <c>not_found</c> http_404.</summary>
    private static NextUpstreamRules NextUpstreamOf(DirectiveScope scope, CompileContext context)
    {
        var rules = ProxySettings.CompileNextUpstream(scope, context, MemcachedDirectives.NextUpstream, MemcachedDirectives.NextUpstreamTries,
            MemcachedDirectives.NextUpstreamTimeout, name => name switch
            {
                "invalid_response" => "invalid_header",
                "not_found" => "http_404",
                _ => name,
            });
        return rules;
    }
}

/// <summary>
/// ngx_http_memcached_handler: GET and HEAD only (else 405), the body discarded, the response typed by the URI
/// (ngx_http_set_content_type), <c>$memcached_key</c> required (ngx_http_memcached_create_request), then the
/// attempt loop on the memcached wire (<see cref="MemcachedHandler"/>).
/// </summary>
public sealed class MemcachedContentHandler(CgiPass target, CgiSettings settings, ComplexValue key, long gzipFlag) : IContentHandler
{
    public async Task<int> HandleAsync(NginxRequest request)
    {
        if (request.Method is not ("GET" or "HEAD")) return 405;
        if (RequestBody.Discard(request) is > 0 and var bodyStatus) return bodyStatus;
        var value = key.Evaluate(request);
        if (value.Length == 0)
        {
            request.LogError("the \"$memcached_key\" variable is not set");
            return 500;
        }
        var escaped = UriEscaping.EscapeMemcached(value);
        var contentType = Responses.ContentTypeOf(request);
        var (group, upstream, status) = await target.FindGroupAsync(request);
        if (group is null) return status;
        var protocol = new CgiUpstreamProtocol("memcached", settings, () => new MemcachedHandler(),
            (r, peer, attempt) => new MemcachedExchange(r, peer, attempt, settings, escaped, gzipFlag, contentType));
        return await new ProxyAttemptLoop(request, protocol, "", group, upstream?.HashKey?.Evaluate(request), upstream?.Keepalive).RunAsync();
    }
}

/// <summary>One <c>get</c> to one peer: the escaped key, the flag that marks a gzipped value, the type the response gets.</summary>
public sealed class MemcachedExchange(NginxRequest request, UpstreamPeer peer, UpstreamAttempt attempt, CgiSettings settings,
    string key, long gzipFlag, string contentType) : CgiExchange(request, peer, attempt, settings, "memcached")
{
    public string MemcachedKey => key;
    public long GzipFlag => gzipFlag;
    public string ContentType => contentType;
}
