using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Static;

/// <summary>
/// Sends a regular file as nginx's static module and its filters shape it: Content-Type from
/// the extension, Content-Length, Last-Modified, ETag (<c>"mtime-size"</c> in hex), then the
/// not-modified filter (304/412), the range filter (206, multipart/byteranges, 416) and HEAD.
/// </summary>
public static class FileResponse
{
    public static async Task<int> SendAsync(NginxRequest request, StaticSettings settings, string path, FileProbe probe)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(probe.OsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (UnauthorizedAccessException)
        {
            request.LogError($"open() \"{path}\" failed ({FilePath.ErrnoText(FileKind.Forbidden)})");
            return 403;
        }
        catch (IOException)
        {
            if (request.Location.Core.LogNotFound) request.LogError($"open() \"{path}\" failed ({FilePath.ErrnoText(FileKind.Missing)})");
            return 404;
        }

        await using (stream)
        {
            var size = stream.Length;
            var mtime = probe.MTime;
            var etag = settings.Etag ? $"\"{mtime:x}-{size:x}\"" : null;
            var contentType = settings.Types.Find(MimeTypes.Extension(request.Uri)) ?? request.Location.Core.DefaultType;
            // An error_page's "=code" (or the original error) is the status every filter sees.
            var status = request.StatusOverride is > 0 and var forced ? forced : 200;
            var response = request.Http.Response;
            var headers = response.Headers;

            if (status == 200)
            {
                switch (Preconditions.Evaluate(request.Header, mtime, etag, settings.IfModifiedSince))
                {
                    case PreconditionVerdict.Failed:
                        return 412;
                    case PreconditionVerdict.NotModified:
                        // ngx_http_not_modified_header_filter drops a Content-Encoding (gzip_static's) from the 304.
                        headers.ContentEncoding = default;
                        headers.LastModified = HttpTime.Format(mtime);
                        if (etag is not null) headers.ETag = etag;
                        Start(request, 304);
                        return Outcome.Done;
                }
            }

            // Type and length as the filters will see them (a range or multipart answer sets its own after).
            if (contentType.Length > 0) response.ContentType = contentType;
            response.ContentLength = size;
            List<ByteRange>? ranges = null;
            // A body filter that will rewrite the file (gzip, sub_filter) drops its length: nginx's range filter then serves it whole.
            // A subrequest's answer is whole too: ngx_http_range_header_filter serves the client's request only.
            var rangesAllowed = status == 200 && settings.MaxRanges != 0 && request.FilteredBody?.Takes(200) != true && !request.IsSubrequest;
            if (rangesAllowed && request.Header("Range") is { Length: >= 7 } range
                && range.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) && EntityBody.IfRangeHolds(request, etag, mtime))
            {
                switch (ByteRanges.Parse(range, size, settings.MaxRanges ?? int.MaxValue, out var parsed))
                {
                    case RangeVerdict.NotSatisfiable:
                        // nginx's headers filter already ran for the 200 when the range filter refused it.
                        HttpModules.RunHeaderFilters(request, 200);
                        headers.ContentRange = $"bytes */{size}";
                        return 416;
                    case RangeVerdict.Partial:
                        ranges = parsed;
                        break;
                }
            }

            if (etag is not null) headers.ETag = etag;
            if (status is 200 or 206) headers.LastModified = HttpTime.Format(mtime);
            if (ranges is null)
            {
                if (rangesAllowed) headers.AcceptRanges = "bytes";
                Start(request, status);
                if (HttpMethods.IsHead(request.Method)) return Outcome.Done;
                await EntityBody.CopyAsync(request, stream, 0, new ByteRange(0, size));
                return Outcome.Done;
            }

            if (ranges.Count == 1)
            {
                var single = ranges[0];
                headers.ContentRange = $"bytes {single.Start}-{single.End - 1}/{size}";
                Start(request, 206);
                response.ContentLength = single.Length;
                if (HttpMethods.IsHead(request.Method)) return Outcome.Done;
                await EntityBody.CopyAsync(request, stream, 0, single);
                return Outcome.Done;
            }

            await EntityBody.SendMultipartAsync(request, stream, 0, ranges, size, contentType, status => Start(request, status));
            return Outcome.Done;
        }
    }

    /// <summary>
    /// Starts the response with the status the filters settled on: an error_page's "=200" was
    /// already taken as the file's status, so a 206 or 304 derived from it must not be forced back.
    /// </summary>
    private static void Start(NginxRequest request, int status)
    {
        request.StatusOverride = null;
        // nginx's range filter turns the 200 into a 206 after the other filters saw it (with the whole
        // file's type and length: a 206's own are set after this).
        Responses.Start(request, status, filtersSee: status == 206 ? 200 : null);
    }
}
