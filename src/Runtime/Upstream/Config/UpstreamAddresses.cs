using System.Net;
using System.Net.Sockets;
using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// Turns a parsed <c>server</c> address into the endpoints its peers connect to: a unix socket, a literal
/// IP (port 80 when none is written), or every address a host name resolves to, looked up once at load
/// as nginx does.
/// </summary>
public static class UpstreamAddresses
{
    public static IReadOnlyList<EndPoint> Resolve(HostPort address, Func<string, IPAddress[]>? resolve = null)
    {
        if (address.IsUnix) return [new UnixDomainSocketEndPoint(address.Host)];
        var port = address.Port ?? 80;
        if (address.Address is { } literal) return [new IPEndPoint(literal, port)];
        try
        {
            return (resolve ?? Dns.GetHostAddresses)(address.Host).Select(a => (EndPoint)new IPEndPoint(a, port)).ToList();
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
