namespace ProxyServer.Runtime.Http;

/// <summary>
/// Replays how nginx fits a request head into its buffers (ngx_http_alloc_large_header_buffer):
/// the head is read into one <c>client_header_buffer_size</c> buffer; when parsing reaches the end
/// of a full buffer, the unfinished line moves to a fresh <c>large_client_header_buffers</c> buffer.
/// A line that has filled a whole large buffer without ending, or a move when all large buffers are
/// taken, fails: 414 while in the request line, 494 in the headers. Kestrel only caps totals, so
/// this decides the requests it lets through that nginx refuses.
/// </summary>
public static class LargeHeaderBuffers
{
    /// <summary>
    /// The index of the first line that does not fit, or -1 when the head fits. <paramref name="lines"/>
    /// are the lengths, CRLF included, of the request line (index 0: nginx's 414), the header lines in
    /// order (494), and the empty line that ends the head.
    /// </summary>
    public static int FirstLineNotFitting(ReadOnlySpan<int> lines, int firstBufferSize, int largeBufferCount, int largeBufferSize)
    {
        long bufferEnd = firstBufferSize;
        long lineStart = 0;
        var largeBuffersUsed = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var lineEnd = lineStart + lines[i];
            // The parser stops at the end of a full buffer before this line ends (or right at its start).
            while (lineEnd > bufferEnd)
            {
                var partial = bufferEnd - lineStart;
                if (partial >= largeBufferSize || largeBuffersUsed == largeBufferCount) return i;
                largeBuffersUsed++;
                bufferEnd = lineStart + largeBufferSize;
            }
            lineStart = lineEnd;
        }
        return -1;
    }
}
