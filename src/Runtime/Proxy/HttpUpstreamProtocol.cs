using System.Net;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Proxy;

/// <summary>proxy_pass's wire: HTTP through .NET's client (upstream TLS for https), shaped by <see cref="NginxRequestTransformer"/>.</summary>
public sealed class HttpUpstreamProtocol(ProxySettings settings, ProxyPassTarget target, string uri) : IUpstreamProtocol
{
    public string Scheme => target.Scheme;
    public NextUpstreamRules NextUpstream => settings.NextUpstream;
    public TimeSpan ReadTimeout => settings.ReadTimeout;
    public bool InterceptErrors => settings.InterceptErrors;
    // ngx_http_proxy_create_request: a proxy_set_body body goes whatever proxy_pass_request_body says.
    public bool PassRequestBody => settings.PassRequestBody || settings.SetBody is not null;
    public Version Version => settings.Http11 ? HttpVersion.Version11 : HttpVersion.Version10;

    public string Destination(UpstreamPeer peer) => peer.Destination(target.Scheme);

    public HttpMessageInvoker ClientFor(Http.NginxRequest request, UpstreamKeepalive? keepalive) =>
        Tls.Upstream.UpstreamTls.ClientFor(request, target.Scheme, settings.ConnectTimeout, keepalive)
        ?? request.Model.Cycle.UpstreamClients.Http1For(settings.ConnectTimeout, keepalive);

    public bool SendsUpgrade(Http.NginxRequest request) => settings.Headers.SendsUpgrade(request);

    public UpstreamTransformer CreateTransformer(Http.NginxRequest request, UpstreamPeer peer, Upstream.Retry.UpstreamAttempt attempt,
        Func<int, bool> passesOn, Action upstreamComplete) =>
        new NginxRequestTransformer(Destination(peer) + uri, target.ProxyHost, settings, request, attempt, passesOn, upstreamComplete);
}
