using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// Shapes the upstream request as nginx does by default: the exact URI computed by the proxy
/// rules (YARP would re-encode it), <c>Host: $proxy_host</c>, and <c>Connection: close</c> for
/// HTTP/1.0 (nginx's default <c>proxy_http_version</c>).
/// </summary>
public sealed class NginxRequestTransformer(string upstreamUrl, string proxyHost, bool http11) : HttpTransformer
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = new Uri(upstreamUrl, in Verbatim);
        proxyRequest.Headers.Host = proxyHost;
        proxyRequest.Headers.Remove("Connection");
        if (!http11) proxyRequest.Headers.ConnectionClose = true;
    }
}
