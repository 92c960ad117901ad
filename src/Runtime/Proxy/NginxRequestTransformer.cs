using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Upstream;
using Yarp.ReverseProxy.Forwarder;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// Shapes the upstream request as nginx does by default: the exact URI computed by the proxy
/// rules (YARP would re-encode it), <c>proxy_method</c>, the client's headers and body unless
/// <c>proxy_pass_request_headers</c> / <c>_body</c> are off, <c>Host: $proxy_host</c> and <c>proxy_set_header</c>,
/// and <c>Connection: close</c> unless <c>proxy_set_header Connection</c> replaces it. The attempt rides on the
/// request (<see cref="UpstreamClient.AttemptKey"/>) to the connect callback, which notes its connect time.
/// On the way back it reports what it saw (the status, when the header arrived) to <paramref name="passesOn"/>,
/// the <see cref="ProxyAttemptLoop"/>'s verdict: a response the loop withholds (to try the next peer, or for
/// proxy_intercept_errors) is not copied, and nothing of it reaches the client. A response passed on tells
/// <paramref name="upstreamComplete"/> when its body has been read in full (<see cref="UpstreamBodyContent"/>).
/// </summary>
public sealed class NginxRequestTransformer(string upstreamUrl, string proxyHost, ProxySettings settings, Http.NginxRequest request,
    Upstream.Retry.UpstreamAttempt attempt, Func<int, bool> passesOn, Action upstreamComplete) : HttpTransformer
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>The status the peer answered, once its header arrived.</summary>
    public int? UpstreamStatus { get; private set; }

    /// <summary>Time from sending to the response header, once it arrived.</summary>
    public TimeSpan? HeaderTime { get; private set; }

    /// <summary>The peer's <c>X-Accel-Redirect</c>: the URI or named location the request goes on to, its body dropped.</summary>
    public string? AccelRedirect { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = new Uri(upstreamUrl, in Verbatim);
        proxyRequest.Options.Set(UpstreamClient.AttemptKey, attempt);
        if (settings.Method?.Evaluate(request) is { Length: > 0 } method) proxyRequest.Method = new HttpMethod(method);
        if (!settings.PassRequestBody) ProxyRequestParts.DropBodyLength(proxyRequest);
        if (!settings.PassRequestHeaders) ProxyRequestParts.DropClientHeaders(proxyRequest);
        settings.Headers.Apply(proxyRequest, request, proxyHost);
        if (IsWebSocketUpgrade(httpContext))
        {
            // YARP puts the client's Connection and Upgrade back on an upgrade; ours would be a second copy.
            proxyRequest.Headers.Remove("Connection");
            proxyRequest.Headers.Remove("Upgrade");
        }
        else if (!settings.Headers.SetsConnection)
        {
            proxyRequest.Headers.Remove("Connection");
            proxyRequest.Headers.ConnectionClose = true;
        }
    }

    /// <summary>An HTTP/1.1 WebSocket handshake YARP will pass on as an upgrade (not hidden by <see cref="ProxyRequestParts"/>).</summary>
    private static bool IsWebSocketUpgrade(HttpContext httpContext) =>
        httpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        && string.Equals(httpContext.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase);

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        HeaderTime = Stopwatch.GetElapsedTime(_started);
        if (proxyResponse is null) return CopyAndHide(httpContext, proxyResponse, cancellationToken);
        var status = (int)proxyResponse.StatusCode;
        UpstreamStatus = status;
        attempt.Response = proxyResponse;
        // ngx_http_upstream_process_headers: X-Accel-Redirect and X-Accel-Limit-Rate act whatever is done with the response.
        if (!settings.IgnoredHeaders.Contains("X-Accel-Redirect") && proxyResponse.Headers.TryGetValues("X-Accel-Redirect", out var redirects))
            AccelRedirect = redirects.FirstOrDefault();
        if (!settings.IgnoredHeaders.Contains("X-Accel-Limit-Rate")
            && proxyResponse.Headers.TryGetValues("X-Accel-Limit-Rate", out var rates) && rates.FirstOrDefault() is { } rate)
            Http.PacedResponseBody.SetFromUpstream(request, rate);
        if (!passesOn(status))
        {
            // An intercepted 401 keeps the upstream's challenge (no 401 is ever retried).
            if (status == 401 && proxyResponse.Headers.TryGetValues("WWW-Authenticate", out var challenges))
                httpContext.Response.Headers.WWWAuthenticate = challenges.ToArray();
            return ValueTask.FromResult(false);
        }
        return CopyAndHide(httpContext, proxyResponse, cancellationToken);
    }

    private async ValueTask<bool> CopyAndHide(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        // YARP takes the response body after this, so a pacing body is in time.
        if (settings.LimitRate > 0) Http.PacedResponseBody.Install(request).LimitUpstream(settings.LimitRate);
        settings.HiddenHeaders.Apply(httpContext.Response.Headers);
        settings.Redirects?.Apply(request, httpContext.Response.Headers);
        // A switched protocol has no body to complete: its peer is released when the tunnel closes.
        if (copyBody && proxyResponse is { Content: { } content, StatusCode: not HttpStatusCode.SwitchingProtocols })
            proxyResponse.Content = new UpstreamBodyContent(content, upstreamComplete);
        return copyBody;
    }
}
