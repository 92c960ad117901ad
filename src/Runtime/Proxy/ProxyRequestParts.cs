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
    /// client's content headers still go upstream, see <see cref="DropBodyLength"/>), and not upgradable
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

    /// <summary>The client's Content-Length copied onto the empty upstream body is not sent.</summary>
    public static void DropBodyLength(HttpRequestMessage proxyRequest) => proxyRequest.Content?.Headers.Remove("Content-Length");

    private sealed class NoBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly NoBody Instance = new();

        public bool CanHaveBody => false;
    }

    private sealed class NoUpgrade : IHttpUpgradeFeature
    {
        public static readonly NoUpgrade Instance = new();

        public bool IsUpgradableRequest => false;

        public Task<Stream> UpgradeAsync() => throw new InvalidOperationException("the upstream request is not an upgrade");
    }
}
