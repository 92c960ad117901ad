using System.Net;
using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// Shapes the upstream request as nginx does by default: the exact URI computed by the proxy
/// rules (YARP would re-encode it), <c>proxy_method</c>, the client's headers and body unless
/// <c>proxy_pass_request_headers</c> / <c>_body</c> are off, <c>Host: $proxy_host</c> and <c>proxy_set_header</c>,
/// and <c>Connection: close</c> unless <c>proxy_set_header Connection</c> replaces it. The attempt rides on the
/// request (<see cref="UpstreamClient.AttemptKey"/>) to the connect callback, which notes its connect time.
/// The way back is <see cref="UpstreamTransformer"/>'s, plus <c>proxy_redirect</c>.
/// </summary>
public sealed class NginxRequestTransformer(string upstreamUrl, string proxyHost, ProxySettings settings, Http.NginxRequest request,
    Upstream.Retry.UpstreamAttempt attempt, Func<int, bool> passesOn, Action upstreamComplete)
    : UpstreamTransformer(settings.HiddenHeaders, attempt, passesOn, upstreamComplete)
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await CopyRequestAsync(httpContext, proxyRequest, destinationPrefix, upstreamUrl, cancellationToken);
        if (Http.RequestBody.Streamed(request) is { } streamed) proxyRequest.Options.Set(StreamedRequestContent.Key, streamed);
        proxyRequest.Options.Set(Upstream.Http1.Http1RequestWriter.HeaderOrderKey, settings.Headers.Order);
        if (settings.Method?.Evaluate(request) is { Length: > 0 } method) proxyRequest.Method = new HttpMethod(method);
        if (!settings.PassRequestBody && settings.SetBody is null) ProxyRequestParts.KeepClientLength(proxyRequest, httpContext.Request.ContentLength);
        if (!settings.PassRequestHeaders) ProxyRequestParts.DropClientHeaders(proxyRequest);
        Cache?.ShapeRequest(proxyRequest);
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

    /// <summary>ngx_http_upstream_process_headers: X-Accel-Redirect, X-Accel-Limit-Rate and X-Accel-Charset act whatever is done with the response.</summary>
    protected override void OnResponseHead(HttpResponseMessage proxyResponse)
    {
        // ngx_http_upstream_process_buffering: the peer may turn buffering off ("no") or on ("yes") for its response
        Buffering = settings.Buffering.On ? settings.Buffering : null;
        if (!settings.IgnoredHeaders.Contains("X-Accel-Buffering")
            && proxyResponse.Headers.TryGetValues("X-Accel-Buffering", out var buffering) && buffering.FirstOrDefault() is { } accel)
        {
            if (accel.Equals("no", StringComparison.OrdinalIgnoreCase)) Buffering = null;
            else if (accel.Equals("yes", StringComparison.OrdinalIgnoreCase)) Buffering = settings.Buffering;
        }
        if (!settings.IgnoredHeaders.Contains("X-Accel-Redirect") && proxyResponse.Headers.TryGetValues("X-Accel-Redirect", out var redirects))
            AccelRedirect = redirects.FirstOrDefault();
        if (!settings.IgnoredHeaders.Contains("X-Accel-Limit-Rate")
            && proxyResponse.Headers.TryGetValues("X-Accel-Limit-Rate", out var rates) && rates.FirstOrDefault() is { } rate)
            Http.PacedResponseBody.SetFromUpstream(request, rate);
        if (!settings.IgnoredHeaders.Contains("X-Accel-Charset") && proxyResponse.Headers.TryGetValues("X-Accel-Charset", out var charsets))
            request.OverrideCharset = charsets.FirstOrDefault();
    }

    protected override long HeaderBufferSize => settings.Buffering.HeaderBufferSize;

    protected override void RewriteResponseHeaders(IHeaderDictionary headers)
    {
        // YARP takes the response body after this, so a pacing body is in time.
        if (settings.LimitRate > 0) Http.PacedResponseBody.Install(request).LimitUpstream(settings.LimitRate);
        settings.Redirects?.Apply(request, headers);
        settings.Cookies?.Apply(request, headers);
        // proxy_force_ranges without a cache entry being written (that one's client view ranges it): one range at most
        if (settings.ForceRanges && Cache is null && request.Http.Response.StatusCode == 200)
            Http.UpstreamRanges.ApplySingle(request, allowRanges: true, headers.ContentLength,
                headers.ETag is { Count: > 0 } etag ? etag.ToString() : null,
                headers.LastModified is { Count: > 0 } modified ? Http.HttpTime.Parse(modified.ToString()) : -1);
    }

    protected override void OnPassedOn(HttpResponseMessage proxyResponse) => settings.Store?.Offer(request, proxyResponse, Buffering, upstreamUrl);

    protected override void RewriteCarriedHeaders(IHeaderDictionary headers) => settings.Cookies?.Apply(request, headers);
}
