using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// What <c>proxy_pass_request_headers off</c>, <c>proxy_pass_request_body off</c> and a missing
/// <c>proxy_set_header Upgrade</c> take out of the upstream request YARP builds from the client's.
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
    /// Runs <paramref name="forward"/> with YARP seeing the request as nginx would send it, through the two
    /// features it decides by: without a body (<paramref name="body"/> false: YARP refuses a replaced body; the
    /// client's content headers still go upstream, see <see cref="KeepClientLength"/>), and not upgradable
    /// (<paramref name="upgrade"/> false: YARP would re-add the client's Upgrade and switch protocols).
    /// </summary>
    public static async Task<T> AsSentAsync<T>(HttpContext http, bool body, bool upgrade, Func<Task<T>> forward)
    {
        var detection = http.Features.Get<IHttpRequestBodyDetectionFeature>();
        var upgrades = http.Features.Get<IHttpUpgradeFeature>();
        if (!body) http.Features.Set<IHttpRequestBodyDetectionFeature>(NoBody.Instance);
        if (!upgrade && upgrades is { IsUpgradableRequest: true }) http.Features.Set<IHttpUpgradeFeature>(NoUpgrade.Instance);
        try
        {
            return await forward();
        }
        finally
        {
            http.Features.Set(detection);
            http.Features.Set(upgrades);
        }
    }

    /// <summary>
    /// <c>proxy_set_body</c>: until the returned scope ends the request YARP forwards carries <paramref name="body"/>
    /// with its length in place of the client's body (YARP streams the upstream body from <c>HttpContext.Request</c>
    /// and refuses a replaced <c>HttpContent</c>). The client's own body, length and framing come back afterwards,
    /// for <c>$request_body</c>, <c>$content_length</c> and the log.
    /// </summary>
    public static IDisposable ReplaceBody(HttpContext http, byte[] body)
    {
        var request = http.Request;
        var restore = new BodyRestore(http, request.Body, request.Headers.ContentLength, request.Headers.TransferEncoding,
            http.Features.Get<IHttpRequestBodyDetectionFeature>());
        request.Body = new MemoryStream(body, writable: false);
        request.Headers.Remove("Transfer-Encoding");
        request.Headers.ContentLength = body.Length;
        http.Features.Set<IHttpRequestBodyDetectionFeature>(body.Length > 0 ? WithBody.Instance : NoBody.Instance);
        return restore;
    }

    private sealed class BodyRestore(HttpContext http, Stream body, long? length, Microsoft.Extensions.Primitives.StringValues transferEncoding,
        IHttpRequestBodyDetectionFeature? detection) : IDisposable
    {
        public void Dispose()
        {
            var request = http.Request;
            request.Body = body;
            request.Headers.ContentLength = length;
            if (transferEncoding.Count > 0) request.Headers.TransferEncoding = transferEncoding;
            http.Features.Set(detection);
        }
    }

    /// <summary>
    /// <c>proxy_pass_request_body off</c>: nginx still sends the client's length (<c>$proxy_internal_body_length</c>)
    /// with no body behind it; the upstream body is empty and carries that length, or none.
    /// </summary>
    public static void KeepClientLength(HttpRequestMessage proxyRequest, long? clientLength)
    {
        if (proxyRequest.Content is not { } content) return;
        content.Headers.Remove("Content-Length");
        if (clientLength is { } length) content.Headers.TryAddWithoutValidation("Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class NoBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly NoBody Instance = new();

        public bool CanHaveBody => false;
    }

    private sealed class WithBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly WithBody Instance = new();

        public bool CanHaveBody => true;
    }

    private sealed class NoUpgrade : IHttpUpgradeFeature
    {
        public static readonly NoUpgrade Instance = new();

        public bool IsUpgradableRequest => false;

        public Task<Stream> UpgradeAsync() => throw new InvalidOperationException("the upstream request is not an upgrade");
    }
}
