using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// What a PROXY protocol header said about a connection (nginx's ngx_proxy_protocol_t): the addresses as
/// text, the ports as numbers. The connection's own address stays the peer's; only realip with
/// <c>real_ip_header proxy_protocol</c> puts <see cref="SourceAddress"/> in its place.
/// </summary>
public sealed record ProxyProtocolHeader(string SourceAddress, int SourcePort, string DestinationAddress, int DestinationPort)
{
    /// <summary>The header the connection began with, if its listener reads one and it carried addresses.</summary>
    public static ProxyProtocolHeader? Of(HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(typeof(ProxyProtocolHeader), out var value) == true ? value as ProxyProtocolHeader : null;
}
