using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Gzip;

/// <summary>
/// ngx_http_gunzip_filter_module: with <c>gunzip on</c>, a response encoded <c>gzip</c> (exactly that
/// one coding) is decoded for a client that may not have gzip (<see cref="GzipAcceptance"/>); the header
/// part asks for Vary, drops Content-Encoding, Content-Length and Accept-Ranges and weakens the ETag; the
/// body part is <see cref="GunzipStage"/>.
/// </summary>
public sealed class GunzipModule : IHttpModule, IResponseBodyFilter
{
    public string Name => "ngx_http_gunzip_filter_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        _ = location.Scope.Nearest(GunzipDirectives.Buffers);
        if (location.Scope.Get(GunzipDirectives.Gunzip, context)) location.BodyFilters.Add(this);
    }

    public bool Takes(NginxRequest request, int status) =>
        Encoded(request) && !GzipAcceptance.Of(request.Location).Accepts(request);

    public Func<Stream, Stream>? Start(NginxRequest request, int status)
    {
        if (!Encoded(request)) return null;
        var acceptance = GzipAcceptance.Of(request.Location);
        acceptance.MarkVary(request);
        if (acceptance.Accepts(request)) return null;
        var response = request.Http.Response;
        response.Headers.ContentEncoding = default;
        response.ContentLength = null;
        response.Headers.AcceptRanges = default;
        Responses.WeakenEtag(response);
        return next => new GunzipStage(next, request);
    }

    private static bool Encoded(NginxRequest request) =>
        request.Http.Response.Headers.ContentEncoding is { Count: 1 } coding && string.Equals(coding[0], "gzip", StringComparison.OrdinalIgnoreCase);
}
