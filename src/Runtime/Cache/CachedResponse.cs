using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Cache;

/// <summary>
/// Sends an entry (ngx_http_upstream_cache_send, then ngx_http_cache_send through the filters): the stored status
/// and upstream headers under the proxy's rules, then the not-modified filter (an entry's response honours
/// If-None-Match / If-Modified-Since, unlike a proxied one) and the range filter (when the upstream allowed
/// ranges and the length is known: 206, multipart, 416), and the body from the file.
/// </summary>
public static class CachedResponse
{
    public static async Task<int> SendAsync(NginxRequest request, CacheOpen open, Action<IHeaderDictionary> shapeHeaders)
    {
        var entry = open.Entry!;
        var file = open.File!;
        var response = request.Http.Response;
        var headers = response.Headers;
        // proxy_force_ranges: ranges of any entry (ngx_http_upstream_process_headers; r->cached keeps several)
        var allowRanges = UpstreamRanges.Forced(request);
        long? storedLength = null;
        foreach (var (name, value) in entry.Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) storedLength = long.TryParse(value, out var n) ? n : null;
            else if (name.Equals("Accept-Ranges", StringComparison.OrdinalIgnoreCase)) allowRanges = true;
            else headers.Append(name, value);
        }
        shapeHeaders(headers);
        var size = entry.BodyLength;
        var status = entry.Status;
        var lastModified = headers.LastModified is { Count: > 0 } lm ? HttpTime.Parse(lm.ToString()) : -1;
        var etag = headers.ETag is { Count: > 0 } tag ? tag.ToString() : null;

        if (status == 200 && (lastModified >= 0 || etag is not null))
        {
            switch (Preconditions.Evaluate(request.Header, lastModified, etag, IfModifiedSinceMode.Exact))
            {
                case PreconditionVerdict.Failed:
                    headers.Clear();
                    return 412;
                case PreconditionVerdict.NotModified:
                    // ngx_http_not_modified_header_filter drops the entry's Content-Encoding (a gzipped one's) from the 304.
                    headers.ContentEncoding = default;
                    Responses.Start(request, 304);
                    return Outcome.Done;
            }
        }

        var lengthKnown = storedLength is not null;
        // A body filter that will rewrite the entry (gzip, sub_filter) drops its length: nginx's range filter then sends it whole.
        allowRanges &= lengthKnown && status == 200 && request.FilteredBody?.Takes(200) != true && !request.IsSubrequest;
        if (allowRanges && request.Header("Range") is { Length: >= 7 } range
            && range.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) && EntityBody.IfRangeHolds(request, etag, lastModified))
        {
            switch (ByteRanges.Parse(range, size, int.MaxValue, out var ranges))
            {
                case RangeVerdict.NotSatisfiable:
                    // the range filter's 416 is a special response: the entry's headers are not sent
                    headers.Clear();
                    HttpModules.RunHeaderFilters(request, 200);
                    headers.ContentRange = $"bytes */{size}";
                    return 416;
                case RangeVerdict.Partial when ranges.Count == 1:
                    headers.ContentRange = $"bytes {ranges[0].Start}-{ranges[0].End - 1}/{size}";
                    response.ContentLength = size;
                    StartPartial(request);
                    response.ContentLength = ranges[0].Length;
                    if (!HttpMethods.IsHead(request.Method)) await EntityBody.CopyAsync(request, file, entry.BodyStart, ranges[0]);
                    return Outcome.Done;
                case RangeVerdict.Partial:
                    var type = headers.ContentType.ToString();
                    headers.ContentType = default;
                    await EntityBody.SendMultipartAsync(request, file, entry.BodyStart, ranges, size, type, _ => StartPartial(request));
                    return Outcome.Done;
            }
        }

        var head = HttpMethods.IsHead(request.Method);
        // an entry of a HEAD's response has the upstream's Content-Length and no body: nginx sends the header only
        if (lengthKnown && (size > 0 || head)) response.ContentLength = size > 0 ? size : storedLength;
        if (allowRanges) headers.AcceptRanges = "bytes";
        Responses.Start(request, status);
        if (head || size == 0) return Outcome.Done;
        await EntityBody.CopyAsync(request, file, entry.BodyStart, new ByteRange(0, size));
        return Outcome.Done;
    }

    /// <summary>A 206 is still the entry's 200 to the other filters: nginx's range filter comes after them.</summary>
    private static void StartPartial(NginxRequest request) => Responses.Start(request, 206, filtersSee: 200);
}
