using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// What <c>proxy_pass_request_headers off</c> and <c>proxy_pass_request_body off</c> take out of the
/// upstream request YARP builds from the client's.
/// </summary>
public static class ProxyRequestParts
{
    /// <summary>
    /// No client header goes upstream; the body, if any, keeps its length (nginx sends its own
    /// <c>Content-Length</c> for the body it forwards).
    /// </summary>
    public static void DropClientHeaders(HttpRequestMessage proxyRequest)
    {
        proxyRequest.Headers.Clear();
        if (proxyRequest.Content is not { } content) return;
        var length = content.Headers.ContentLength;
        content.Headers.Clear();
        if (length is > 0) content.Headers.ContentLength = length;
    }

    /// <summary>
    /// Runs <paramref name="forward"/> with YARP seeing a request without a body (it refuses a replaced
    /// body, and decides on one from this feature). The client's content headers (Content-Type...) still
    /// go upstream; nginx also keeps the client's <c>Content-Length</c> with no body behind it, where we
    /// send the length of what is sent (see <see cref="DropBodyLength"/>).
    /// </summary>
    public static async Task<T> WithoutBodyAsync<T>(HttpContext http, Func<Task<T>> forward)
    {
        var detection = http.Features.Get<IHttpRequestBodyDetectionFeature>();
        http.Features.Set<IHttpRequestBodyDetectionFeature>(NoBody.Instance);
        try
        {
            return await forward();
        }
        finally
        {
            http.Features.Set(detection);
        }
    }

    /// <summary>The client's Content-Length copied onto the empty upstream body is not sent.</summary>
    public static void DropBodyLength(HttpRequestMessage proxyRequest) => proxyRequest.Content?.Headers.Remove("Content-Length");

    private sealed class NoBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly NoBody Instance = new();

        public bool CanHaveBody => false;
    }
}
