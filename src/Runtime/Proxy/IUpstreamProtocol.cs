using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// The wire a location speaks to its peers, as nginx's upstream core sees a module (the <c>create_request</c>,
/// <c>process_header</c> and <c>input_filter</c> callbacks of <c>ngx_http_upstream_t</c> plus the module's
/// <c>*_next_upstream</c>, timeouts and <c>*_intercept_errors</c>): HTTP for <c>proxy_pass</c>, FastCGI, SCGI and
/// uwsgi records for the others. <see cref="ProxyAttemptLoop"/> is the one upstream core; each protocol gives it
/// an <see cref="HttpMessageInvoker"/> that speaks its wire and a transformer that shapes the request for it.
/// </summary>
public interface IUpstreamProtocol
{
    /// <summary>nginx's <c>u->schema</c> without <c>://</c>, as the error log's <c>upstream: "..."</c> prints it: http, https, fastcgi, scgi, uwsgi.</summary>
    string Scheme { get; }

    /// <summary><c>*_next_upstream</c>, <c>_tries</c>, <c>_timeout</c>.</summary>
    NextUpstreamRules NextUpstream { get; }

    /// <summary><c>*_read_timeout</c>: the longest wait between two reads from the peer.</summary>
    TimeSpan ReadTimeout { get; }

    /// <summary><c>*_intercept_errors</c>.</summary>
    bool InterceptErrors { get; }

    /// <summary>nginx's <c>intercept_404</c>: a 404 is answered with the server's own (memcached's miss, whatever error_page says).</summary>
    bool Intercepts404 => false;

    /// <summary><c>*_pass_request_body</c>.</summary>
    bool PassRequestBody { get; }

    /// <summary>The HTTP version the forwarder asks for (only the HTTP wire reads it).</summary>
    Version Version { get; }

    /// <summary>The prefix YARP builds the outgoing request's URI on for this peer (the transformer sets the exact URI).</summary>
    string Destination(UpstreamPeer peer);

    /// <summary>The client (pooled connections, keepalive) that carries a request to a peer of the group.</summary>
    HttpMessageInvoker ClientFor(NginxRequest request, UpstreamKeepalive? keepalive);

    /// <summary>Whether the request goes up as a protocol switch (a WebSocket handshake nginx would pass on).</summary>
    bool SendsUpgrade(NginxRequest request);

    /// <summary>Shapes the request for one attempt and reports what came back (see <see cref="UpstreamTransformer"/>).</summary>
    UpstreamTransformer CreateTransformer(NginxRequest request, UpstreamPeer peer, UpstreamAttempt attempt, Func<int, bool> passesOn, Action upstreamComplete);
}
