using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Gzip;

/// <summary>
/// ngx_http_gzip_filter_module: compresses a response on the fly when <c>gzip on</c>, the request is not
/// the status is 200, 403 or 404, nothing encoded it already, its known length reaches
/// <c>gzip_min_length</c>, its type is one of <c>gzip_types</c> and the client may have gzip
/// (<see cref="GzipAcceptance"/>). The header part (ngx_http_gzip_header_filter) asks for Vary, adds
/// <c>Content-Encoding: gzip</c>, drops Content-Length and Accept-Ranges and makes a strong ETag weak
/// (ngx_http_weak_etag); the body part is <see cref="GzipStage"/>. Also compiles the core's gzip settings
/// (<see cref="GzipAcceptance"/>) for every location once any gzip module is on.
/// </summary>
public sealed class GzipModule : IHttpModule, IResponseBodyFilter
{
    public string Name => "ngx_http_gzip_filter_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context) =>
        variables.Register("gzip_ratio", r => r.Features.Get<GzipRatio>()?.Text());

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var scope = location.Scope;
        location.Features.Set(GzipAcceptance.Compile(scope, context));
        // gzip_buffers' size (nginx's default: 32 4k): the compressed bytes go on a full buffer at a time
        var bufferSize = scope.Nearest(GzipDirectives.Buffers) is { Args.Count: 2 } buffers
            && NginxSize.TryParse(buffers.Args[1].Value, out var size) && size is > 0 and <= 1 << 24 ? (int)size : 4096;
        var level = scope.Get(GzipDirectives.CompLevel, context);
        var minLength = scope.Get(GzipDirectives.MinLength, context);
        var types = ContentTypeSet.From(scope.Nearest(GzipDirectives.Types), "text/html");
        if (!scope.Get(GzipDirectives.Gzip, context)) return;
        location.Features.Set(new GzipSettings((int)Math.Clamp(level, 1, 9), minLength, types, bufferSize));
        location.BodyFilters.Add(this);
    }

    public bool Takes(NginxRequest request, int status) =>
        Considers(request, status) is not null && GzipAcceptance.Of(request.Location).Accepts(request);

    public Func<Stream, Stream>? Start(NginxRequest request, int status)
    {
        if (Considers(request, status) is not { } settings) return null;
        var acceptance = GzipAcceptance.Of(request.Location);
        acceptance.MarkVary(request);
        if (!acceptance.Accepts(request)) return null;
        var response = request.Http.Response;
        response.Headers.ContentEncoding = "gzip";
        response.ContentLength = null;
        response.Headers.AcceptRanges = default;
        Responses.WeakenEtag(response);
        var ratio = new GzipRatio();
        request.Features.Set(ratio);
        return next => new GzipStage(next, settings.Level, settings.BufferSize, ratio);
    }

    /// <summary>The first test of ngx_http_gzip_header_filter, before the client is asked about (r->gzip_vary is set past it).</summary>
    private static GzipSettings? Considers(NginxRequest request, int status)
    {
        if (request.Location.Features.Get<GzipSettings>() is not { } settings) return null;
        var response = request.Http.Response;
        // HEAD too: nginx's header filters run before r->header_only is known, so its head says gzip.
        if (status is not (200 or 403 or 404)
            || response.Headers.ContentEncoding.ToString().Length > 0
            || (response.ContentLength is { } length && length < settings.MinLength)
            || !settings.Types.Matches(response.ContentType))
        {
            return null;
        }
        return settings;
    }
}
