using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// Sends a stored body (a static file, a cache entry) or parts of it as nginx's range filter does:
/// <c>If-Range</c>, one range copied as is, several as multipart/byteranges. The body may start
/// at an offset in its stream (a cache entry's header comes first).
/// </summary>
public static class EntityBody
{
    /// <summary>nginx's boundary counter (ngx_http_range_parse's is process-wide too).</summary>
    private static long _boundary;

    /// <summary>
    /// <c>If-Range</c>: an entity tag (ends in a quote) must equal the ETag exactly, otherwise
    /// a date must equal Last-Modified; when it does not, the whole body is sent.
    /// </summary>
    public static bool IfRangeHolds(NginxRequest request, string? etag, long mtime)
    {
        if (request.Header("If-Range") is not { } ifRange) return true;
        if (ifRange.Length >= 2 && ifRange[^1] == '"') return etag is not null && ifRange == etag;
        return HttpTime.Parse(ifRange) == mtime;
    }

    /// <summary>nginx's multipart/byteranges body: a 20-digit boundary, each part typed (the response's Content-Type when <paramref name="start"/> sent the 206 head) and ranged, CRLF-framed.</summary>
    public static async Task SendMultipartAsync(NginxRequest request, Stream stream, long offset, List<ByteRange> ranges, long size,
        Action<int> start)
    {
        var boundary = Interlocked.Increment(ref _boundary).ToString("D20", CultureInfo.InvariantCulture);
        var response = request.Http.Response;
        start(206);
        // ngx_http_range_multipart_header: each part's type is the response's as the filters left it (a charset named)
        var contentType = response.Headers.ContentType.ToString();
        var partHeader = $"\r\n--{boundary}\r\n" + (contentType.Length > 0 ? $"Content-Type: {contentType}\r\n" : "") + "Content-Range: bytes ";
        var closing = $"\r\n--{boundary}--\r\n";
        long length = closing.Length;
        var rangeLines = new string[ranges.Count];
        for (var i = 0; i < ranges.Count; i++)
        {
            rangeLines[i] = $"{ranges[i].Start}-{ranges[i].End - 1}/{size}\r\n\r\n";
            length += partHeader.Length + rangeLines[i].Length + ranges[i].Length;
        }
        response.ContentType = "multipart/byteranges; boundary=" + boundary;
        response.ContentLength = length;
        if (HttpMethods.IsHead(request.Method)) return;
        for (var i = 0; i < ranges.Count; i++)
        {
            await WriteTextAsync(request, partHeader + rangeLines[i]);
            await CopyAsync(request, stream, offset, ranges[i]);
        }
        await WriteTextAsync(request, closing);
    }

    private static async Task WriteTextAsync(NginxRequest request, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        await request.Http.Response.Body.WriteAsync(bytes, request.Http.RequestAborted);
        request.BodyBytesSent += bytes.Length;
    }

    /// <summary>Copies <paramref name="range"/> of the body that starts at <paramref name="offset"/> in <paramref name="stream"/> to the client.</summary>
    public static async Task CopyAsync(NginxRequest request, Stream stream, long offset, ByteRange range)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            stream.Position = offset + range.Start;
            var left = range.Length;
            var body = request.Http.Response.Body;
            while (left > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), request.Http.RequestAborted);
                if (read == 0) break; // the file shrank while being sent: nginx also stops short
                await body.WriteAsync(buffer.AsMemory(0, read), request.Http.RequestAborted);
                request.BodyBytesSent += read;
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
