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
                response.Body = new WindowStream(response.Body, 0, 0);
                return;
            }
        }
        // A body filter that will rewrite the response (gzip, sub_filter) drops its length: the range filter passes it whole.
        var allowRanges = upstream.Headers.Contains("Accept-Ranges") && length is not null && request.FilteredBody?.Takes(200) != true && !request.IsSubrequest;
        response.Headers.Remove("Accept-Ranges");
        if (!allowRanges) return;
        var size = length!.Value;
        if (request.Header("Range") is { Length: >= 7 } range && range.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)
            && EntityBody.IfRangeHolds(request, etag, lastModified)
            && ByteRanges.Parse(range, size, 1, out var ranges) == RangeVerdict.Partial && ranges.Count == 1)
        {
            var single = ranges[0];
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {single.Start}-{single.End - 1}/{size}";
            response.ContentLength = single.Length;
            response.Body = new WindowStream(response.Body, single.Start, single.End);
            return;
        }
        response.Headers.AcceptRanges = "bytes";
    }

    /// <summary>Passes on only the bytes at positions [start, end) of what is written.</summary>
    private sealed class WindowStream(Stream inner, long start, long end) : Http.WriteOnlyStream
    {
        private long _position;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var from = Math.Max(start - _position, 0);
            var to = Math.Min(end - _position, buffer.Length);
            _position += buffer.Length;
            if (to > from) await inner.WriteAsync(buffer[(int)from..(int)to], cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override void Flush() => inner.Flush();
    }
}
