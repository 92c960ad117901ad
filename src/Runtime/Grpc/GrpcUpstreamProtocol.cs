using System.Net;
using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Tls.Upstream;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Grpc;

/// <summary>
/// grpc_pass's wire: HTTP/2 through .NET's client, by prior knowledge (grpc://) or over TLS with ALPN h2 (grpcs://),
/// shaped by <see cref="GrpcRequestTransformer"/>; the response's trailers (grpc-status, grpc-message) go to the client
/// as trailers.
/// </summary>
public sealed class GrpcUpstreamProtocol(GrpcPassTarget target, GrpcSettings settings, UpstreamTls? tls, bool streamsBody, string path)
    : IUpstreamProtocol
{
    public string Scheme => target.Scheme;

    /// <summary>
    /// ngx_http_upstream_next gives up once a request whose body streams was sent (<c>u->request_sent &&
    /// r->request_body_no_buffering</c>): what went of the body cannot go again. One try for such a request.
    /// </summary>
    public NextUpstreamRules NextUpstream => streamsBody ? settings.NextUpstream with { Tries = 1 } : settings.NextUpstream;

    public TimeSpan ReadTimeout => settings.ReadTimeout;
    public bool InterceptErrors => settings.InterceptErrors;
    public bool PassRequestBody => true;
    public Version Version => HttpVersion.Version20;

    public string Destination(UpstreamPeer peer) => (target.Secure ? "https://" : "http://") + UpstreamClient.Authority(peer);

    public HttpMessageInvoker ClientFor(NginxRequest request, UpstreamKeepalive? keepalive)
    {
        var connections = target.Secure && tls is not null
            ? tls.Http2ClientFor(request, target.Host, settings.ConnectTimeout, keepalive)
            : request.Model.Cycle.UpstreamClients.For(settings.ConnectTimeout, keepalive);
        return new HttpMessageInvoker(new GrpcStreamResetCheck(connections), disposeHandler: false);
    }

    public bool SendsUpgrade(NginxRequest request) => false;

    public UpstreamTransformer CreateTransformer(NginxRequest request, UpstreamPeer peer, UpstreamAttempt attempt,
        Func<int, bool> passesOn, Action upstreamComplete) =>
        new GrpcRequestTransformer(Destination(peer) + path, target.Authority, settings, request, attempt, passesOn, upstreamComplete);
}

/// <summary>
/// The request as ngx_http_grpc_create_request sends it: the client's method and URI (as received while nothing
/// changed it), <c>:authority</c> from grpc_pass (or grpc_set_header Host), the client's headers, then
/// grpc_set_header and the module's defaults (<see cref="GrpcSettings"/>).
/// </summary>
public sealed class GrpcRequestTransformer(string upstreamUrl, string authority, GrpcSettings settings, NginxRequest request,
    UpstreamAttempt attempt, Func<int, bool> passesOn, Action upstreamComplete)
    : UpstreamTransformer(settings.HiddenHeaders, attempt, passesOn, upstreamComplete)
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await CopyRequestAsync(httpContext, proxyRequest, destinationPrefix, upstreamUrl, cancellationToken);
        settings.Headers.Apply(proxyRequest, request, authority);
    }
}

/// <summary>
/// ngx_http_grpc_process_header: a stream the peer resets before its response header is NGX_HTTP_UPSTREAM_INVALID_HEADER,
/// logged as "upstream rejected request with error N" (<c>grpc_next_upstream invalid_header</c>, else 502).
/// </summary>
internal sealed class GrpcStreamResetCheck(HttpMessageInvoker connections) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await connections.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (ResetBy(e) is { } reset)
        {
            throw new UpstreamResponseException($"upstream rejected request with error {reset.ErrorCode}");
        }
    }

    private static HttpProtocolException? ResetBy(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is HttpProtocolException protocol) return protocol;
        return null;
    }
}
