using System.Net;

namespace ProxyServer.Runtime.Model;

/// <summary>
/// One <c>listen</c> as compiled: the endpoint and the parameters the runtime honours.
/// <c>[::]:port</c> is IPv6-only unless <c>ipv6only=off</c>, as nginx binds it.
/// </summary>
public sealed record ListenAddress(IPEndPoint EndPoint, bool DefaultServer, bool Ipv6Only, int? Backlog, bool Ssl, bool Http2, bool ReusePort)
{
    /// <summary><c>proxy_protocol</c>: every connection begins with a PROXY protocol header (Http/ProxyProtocolReader).</summary>
    public bool ProxyProtocol { get; init; }

    public bool IsWildcard => EndPoint.Address.Equals(IPAddress.Any) || EndPoint.Address.Equals(IPAddress.IPv6Any);

    /// <summary>As nginx prints addresses in messages: <c>0.0.0.0:80</c>, <c>[::]:80</c>.</summary>
    public string Text => Format(EndPoint);

    public static string Format(IPEndPoint endPoint) =>
        endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{endPoint.Address}]:{endPoint.Port}"
            : $"{endPoint.Address}:{endPoint.Port}";
}
