using ProxyServer.Runtime.Headers;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Map;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Rewrite;
using ProxyServer.Runtime.Static;
using ProxyServer.Runtime.Tls;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Modules;

/// <summary>
/// The modules the runtime compiles with, in the order their steps run. Adding a module is one
/// line here. Order matters where one module's http-level state feeds another (upstream groups
/// before proxy_pass resolves names; variables before anything compiles values).
/// </summary>
public static class HttpModules
{
    // Declared first: static initializers run in textual order and All and HeaderFilters both use it.
    private static readonly HeadersModule Headers = new();
    private static readonly Gzip.GzipModule Gzip = new();
    private static readonly Gzip.GunzipModule Gunzip = new();
    private static readonly SubFilter.SubFilterModule SubFilter = new();
    private static readonly Ssi.SsiModule Ssi = new();
    private static readonly Addition.AdditionModule Addition = new();
    private static readonly Charset.CharsetModule Charset = new();

    public static IReadOnlyList<IHttpModule> All { get; } =
    [
        new CoreVariablesModule(),
        new MapModule(),
        new Geo.GeoModule(),
        new SplitClients.SplitClientsModule(),
        new Referer.RefererModule(),
        new SecureLink.SecureLinkModule(),
        new LoggingModule(),
        new RewriteModule(),
        new Waf.WafModule(),
        // nginx's preaccess phase order: realip (registered last, so run first), then limit_req, then limit_conn.
        new RealIp.RealIpModule(),
        new LimitReq.LimitReqModule(),
        new LimitConn.LimitConnModule(),
        // nginx's access phase order: allow/deny, then auth_basic, then auth_request (AccessPhase combines them by satisfy).
        new Access.AccessModule(),
        new AuthBasic.AuthBasicModule(),
        new AuthRequest.AuthRequestModule(),
        new Upstream.UpstreamModule(),
        new Cache.CacheModule(),
        new ProxyModule(),
        new FastCgi.FastCgiModule(),
        new Scgi.ScgiModule(),
        new Uwsgi.UwsgiModule(),
        new Grpc.GrpcModule(),
        new Memcached.MemcachedModule(),
        new Dynamic.Serving.DynamicHttpModule(),
        new Health.HealthModule(),
        new TlsModule(),
        new Status.StatusModule(),
        new EmptyGif.EmptyGifModule(),
        new Flv.FlvModule(),
        new Browser.BrowserModule(),
        Ssi,
        new UserId.UserIdModule(),
        new Slice.SliceModule(),
        new StaticModule(),
        new Autoindex.AutoindexModule(),
        // nginx's precontent phase: try_files (StaticModule), then mirror.
        new Mirror.MirrorModule(),
        new Gzip.GzipStaticModule(),
        Headers,
        Gzip,
        Gunzip,
        SubFilter,
        Addition,
        Charset,
    ];

    /// <summary>Filters every response's headers pass through as it starts, in order (nginx's header filter chain).</summary>
    public static IReadOnlyList<IResponseHeaderFilter> HeaderFilters { get; } = [Headers, Charset];

    public static void RunHeaderFilters(Http.NginxRequest request, int status)
    {
        // Indexed: a foreach over the interface would box an enumerator per response.
        for (var i = 0; i < HeaderFilters.Count; i++) HeaderFilters[i].Apply(request, status);
        // ngx_http_header_filter: a charset the filters settled on joins a Content-Type that has no parameters
        if (request.ResponseCharset is { Length: > 0 } charset && request.Http.Response.Headers.ContentType is [{ Length: > 0 } type] && !type.Contains(';'))
            request.Http.Response.Headers.ContentType = type + "; charset=" + charset;
    }

    /// <summary>
    /// Body filters in nginx's chain order (the order their header parts run and the order bytes pass through
    /// them): gunzip, addition, sub_filter, charset, ssi, (postpone), gzip, then the trailers with nginx's chunked
    /// framing (ngx_http_chunked_filter, the lowest filter that changes bytes). A location lists the ones on for it
    /// (<see cref="IResponseBodyFilter"/>). A subrequest's answer spliced in by ssi or addition has been through its
    /// own location's filters and joins the parent's below ssi (<see cref="Http.FilteredResponseBody.PostponePoint"/>).
    /// </summary>
    public static IReadOnlyList<IResponseBodyFilter> BodyFilters { get; } = [Gunzip, Addition, SubFilter, Charset, Ssi, Gzip, Headers];

    /// <summary>The filter runs above nginx's postpone filter (ssi and those before it), where subrequests' answers are not yet joined.</summary>
    public static bool IsAbovePostpone(IResponseBodyFilter filter)
    {
        for (var i = 0; i < BodyFilters.Count; i++)
        {
            if (BodyFilters[i] == filter) return true;
            if (BodyFilters[i] == Ssi) return false;
        }
        return false;
    }

    /// <summary>Checks once the request's server is known, in order; the first non-zero status finalizes the request.</summary>
    public static IReadOnlyList<IServerRequestCheck> ServerRequestChecks { get; } = [new TlsRequestCheck(), new RealIp.RealIpServerCheck()];

    public static int RunServerRequestChecks(Http.NginxRequest request)
    {
        for (var i = 0; i < ServerRequestChecks.Count; i++)
            if (ServerRequestChecks[i].Check(request) is > 0 and var status) return status;
        return 0;
    }

    /// <summary>
    /// The content handler of a location that has none (nginx's static module serving <c>root</c>).
    /// </summary>
    public static IContentHandler DefaultContent { get; } = new StaticContentHandler();
}
