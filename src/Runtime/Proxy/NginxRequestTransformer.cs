using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// Shapes the upstream request as nginx does by default: the exact URI computed by the proxy
/// rules (YARP would re-encode it), <c>Host: $proxy_host</c>, and <c>Connection: close</c> for
/// HTTP/1.0 (nginx's default <c>proxy_http_version</c>). On the way back it notes when the header
/// arrived and can drop a response nginx would retry elsewhere (<c>proxy_next_upstream http_502</c>...)
/// or answer with an error_page (<c>proxy_intercept_errors</c>): nothing of it reaches the client.
/// </summary>
public sealed class NginxRequestTransformer(string upstreamUrl, string proxyHost, bool http11, Func<int, bool> dropStatus,
    ProxyHeaders headers, Http.NginxRequest request, ProxyHiddenHeaders? hidden = null, ProxyRedirects? redirects = null) : HttpTransformer
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>The upstream's status when the response was dropped for a retry, else null.</summary>
    public int? DroppedStatus { get; private set; }

    /// <summary>Time from sending to the response header, once it arrived.</summary>
    public TimeSpan? HeaderTime { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = new Uri(upstreamUrl, in Verbatim);
        headers.Apply(proxyRequest, request, proxyHost);
        proxyRequest.Headers.Remove("Connection");
        if (!http11) proxyRequest.Headers.ConnectionClose = true;
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        HeaderTime = Stopwatch.GetElapsedTime(_started);
        if (proxyResponse is not null && dropStatus((int)proxyResponse.StatusCode))
        {
            DroppedStatus = (int)proxyResponse.StatusCode;
            // An intercepted 401 keeps the upstream's challenge (no 401 is ever retried).
            if (DroppedStatus == 401 && proxyResponse.Headers.TryGetValues("WWW-Authenticate", out var challenges))
                httpContext.Response.Headers.WWWAuthenticate = challenges.ToArray();
            return ValueTask.FromResult(false);
        }
        return CopyAndHide(httpContext, proxyResponse, cancellationToken);
    }

    private async ValueTask<bool> CopyAndHide(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        (hidden ?? ProxyHiddenHeaders.Default).Apply(httpContext.Response.Headers);
        redirects?.Apply(request, httpContext.Response.Headers);
        return copyBody;
    }
}
