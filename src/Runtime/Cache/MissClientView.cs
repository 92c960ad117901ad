using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Cache;

/// <summary>
/// What the client of a cacheable MISS sees while the whole body goes to the entry: nginx lets the not-modified
/// filter answer it (r->disable_not_modified is off for a cacheable response) and, when the upstream allowed
/// ranges, the range filter with one range at most (r->single_range: several ranges get the whole body). The
/// client's stream then passes only the bytes of its answer.
/// </summary>
internal static class MissClientView
{
    public static void Apply(NginxRequest request, HttpResponseMessage upstream, long? length, string? etag, long lastModified)
    {
        var http = request.Http;
        var response = http.Response;
        if ((int)upstream.StatusCode != 200) return;
        if (lastModified >= 0 || etag is not null)
        {
            if (Preconditions.Evaluate(request.Header, lastModified, etag, IfModifiedSinceMode.Exact) == PreconditionVerdict.NotModified)
            {
                response.StatusCode = 304;
                response.ContentLength = null;
                response.Headers.Remove("Content-Length");
                response.Headers.Remove("Accept-Ranges");
                // ngx_http_not_modified_header_filter drops a Content-Encoding from the 304.
                response.Headers.Remove("Content-Encoding");
                response.Body = new UpstreamRanges.WindowStream(response.Body, 0, 0);
                return;
            }
        }
        UpstreamRanges.ApplySingle(request, upstream.Headers.Contains("Accept-Ranges") || UpstreamRanges.Forced(request), length, etag, lastModified);
    }
}
