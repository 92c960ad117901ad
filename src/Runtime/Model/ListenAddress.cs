using System.Net;
using System.Net.Sockets;

namespace ProxyServer.Runtime.Model;

/// <summary>
/// One <c>listen</c> as compiled: the endpoint (an <see cref="IPEndPoint"/>, or a
/// <see cref="UnixDomainSocketEndPoint"/> for <c>unix:PATH</c>) and the parameters the runtime honours.
/// <c>[::]:port</c> is IPv6-only unless <c>ipv6only=off</c>, as nginx binds it.
/// </summary>
public sealed record ListenAddress(EndPoint EndPoint, bool DefaultServer, bool Ipv6Only, int? Backlog, bool Ssl, bool Http2, bool ReusePort)
{
    /// <summary><c>proxy_protocol</c>: every connection begins with a PROXY protocol header (Http/ProxyProtocolReader).</summary>
    public bool ProxyProtocol { get; init; }

    public bool IsWildcard => EndPoint is IPEndPoint ip && (ip.Address.Equals(IPAddress.Any) || ip.Address.Equals(IPAddress.IPv6Any));

    /// <summary>As nginx prints addresses in messages: <c>0.0.0.0:80</c>, <c>[::]:80</c>, <c>unix:/path</c>.</summary>
    public string Text => Format(EndPoint);

    /// <summary>ngx_sock_ntop with the port: <c>127.0.0.1:80</c>, <c>[::1]:80</c>, <c>unix:/run/a.sock</c>.</summary>
    public static string Format(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } v6 => $"[{v6.Address}]:{v6.Port}",
        IPEndPoint v4 => $"{v4.Address}:{v4.Port}",
        _ => "unix:" + endPoint,
    };

    /// <summary>The port of an IP endpoint; 0 for a unix socket (ngx_inet_get_port).</summary>
    public static int PortOf(EndPoint endPoint) => (endPoint as IPEndPoint)?.Port ?? 0;
}
