using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.RealIp;

/// <summary>Where realip reads the client's address (ngx_http_realip: NGX_HTTP_REALIP_XREALIP, _XFWD, _PROXY, _HEADER).</summary>
public enum RealIpSource { XRealIp, XForwardedFor, ProxyProtocol, Header }

/// <summary>
/// One level's realip configuration as ngx_http_realip_merge_loc_conf leaves it: the trusted proxies of the
/// nearest level that lists any, the nearest <c>real_ip_header</c> and <c>real_ip_recursive</c>.
/// </summary>
public sealed class RealIpSettings(TrustedProxies from, RealIpSource source, string header, bool recursive)
{
    public TrustedProxies From { get; } = from;
    public RealIpSource Source { get; } = source;

    /// <summary>The header named by <c>real_ip_header</c> (any header for <see cref="RealIpSource.Header"/>).</summary>
    public string Header { get; } = header;

    public bool Recursive { get; } = recursive;

    /// <summary>
    /// ngx_http_realip_handler: once per request (a later phase or an internal redirect finds the address
    /// already set), takes the address the trusted proxy reported and makes it the request's client
    /// (ngx_http_realip_set_addr), keeping the connection's for <c>$realip_remote_addr</c>.
    /// </summary>
    public void Apply(NginxRequest request)
    {
        if (request.Features.Get<RealIpOriginal>() is not null) return;
        IReadOnlyList<string> values;
        ProxyProtocolHeader? proxyProtocol = null;
        switch (Source)
        {
            case RealIpSource.ProxyProtocol:
                proxyProtocol = ProxyProtocolHeader.Of(request.Http);
                if (proxyProtocol is null) return;
                values = [proxyProtocol.SourceAddress];
                break;
            case RealIpSource.XForwardedFor:
                // Every X-Forwarded-For line, read last first (r->headers_in.x_forwarded_for).
                var lines = request.Http.Request.Headers[Header];
                if (lines.Count == 0) return;
                values = lines!;
                break;
            default:
                // X-Real-IP and any other header: the first line that has the name.
                var first = request.Http.Request.Headers[Header];
                if (first.Count == 0) return;
                values = [first[0] ?? ""];
                break;
        }
        if (ForwardedAddress.Find(request.Client, values, From, Recursive, out var address) == ForwardedResult.Declined) return;
        if (proxyProtocol is not null) address = ClientAddress.Of(address.Ip!, proxyProtocol.SourcePort);
        request.Features.Set(new RealIpOriginal(request.Client));
        request.Client = address;
    }
}

/// <summary>The connection's address realip replaced (ngx_http_realip_ctx_t): <c>$realip_remote_addr</c>, <c>$realip_remote_port</c>.</summary>
public sealed record RealIpOriginal(ClientAddress Client);
