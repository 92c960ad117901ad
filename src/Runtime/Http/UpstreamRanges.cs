using Microsoft.AspNetCore.Http;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// nginx's range filter on an upstream's answer as it streams (r->single_range: one range at most, several get the
/// whole body): when the upstream allowed ranges (its <c>Accept-Ranges</c>, or <c>proxy_force_ranges</c>) and the
/// length is known, a satisfiable single <c>Range</c> whose <c>If-Range</c> holds becomes a 206 of those bytes.
/// </summary>
public static class UpstreamRanges
{
    /// <summary><c>proxy_force_ranges on</c> for this request: ngx_http_upstream_process_headers sets r->allow_ranges whatever the peer said.</summary>
    public static void Force(NginxRequest request) => request.Features.Set(ForcedMarker.Instance);

    public static bool Forced(NginxRequest request) => request.Features.Get<ForcedMarker>() is not null;

    /// <summary>The 200 being sent (its headers copied from the upstream) becomes a 206 when its Range asks for one range.</summary>
    public static void ApplySingle(NginxRequest request, bool allowRanges, long? length, string? etag, long lastModified)
    {
        // A body filter that will rewrite the response (gzip, sub_filter) drops its length: the range filter passes it whole.
        var response = request.Http.Response;
        // The range filter serves the main request only (a subrequest's answer is spliced whole).
        allowRanges &= length is not null && request.FilteredBody?.Takes(200) != true && !request.IsSubrequest;
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

    private sealed class ForcedMarker
    {
        public static readonly ForcedMarker Instance = new();
    }

    /// <summary>Passes on only the bytes at positions [start, end) of what is written.</summary>
    internal sealed class WindowStream(Stream inner, long start, long end) : WriteOnlyStream
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
