using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Modules;

/// <summary>
/// Rewrites a response's bytes as they flow, whatever produced them (static file, proxy, return, error
/// page): nginx's body filters (<c>ngx_http_top_body_filter</c>: gunzip, sub_filter, charset, gzip). A
/// module adds itself to <see cref="Locations.LocationBuilder.BodyFilters"/> where its settings are on; a
/// location with none is served unwrapped. At header time (after the header filters) each of the
/// location's filters in <see cref="HttpModules.BodyFilters"/> order decides, may change the headers the
/// next one sees, and returns the stage its bytes pass through; the bytes then flow through the stages in
/// that order (<see cref="FilteredResponseBody"/>).
/// </summary>
public interface IResponseBodyFilter
{
    /// <summary>
    /// True when <see cref="Start"/> would take the response (no headers changed): asked by producers that
    /// must know before they start whether the length they announce survives (the static module's ranges).
    /// </summary>
    bool Takes(NginxRequest request, int status);

    /// <summary>
    /// Decides for the response starting with <paramref name="status"/> (headers as set so far, Content-Type
    /// and Content-Length included) and changes its headers; returns the stage that writes this filter's
    /// output into the next stage, or null to let the bytes pass untouched.
    /// </summary>
    Func<Stream, Stream>? Start(NginxRequest request, int status);
}
