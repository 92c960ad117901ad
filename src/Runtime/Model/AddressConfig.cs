using System.Net;
using ProxyServer.Runtime.Servers;

namespace ProxyServer.Runtime.Model;

/// <summary>
/// The servers listening on one address:port (or unix socket): the default server and the name table nginx
/// searches with the Host header. A request finds its address config by the socket's local
/// address (exact first, then the wildcard on the same port), as nginx does after getsockname().
/// </summary>
public sealed class AddressConfig
{
    /// <summary>An <see cref="IPEndPoint"/>, or the <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/> of a <c>listen unix:PATH</c>.</summary>
    public required EndPoint EndPoint { get; init; }
    public required VirtualServer DefaultServer { get; init; }
    public required ServerNameTable Names { get; init; }
    public required IReadOnlyList<VirtualServer> Servers { get; init; }

    /// <summary>Some <c>listen</c> of this address says <c>ssl</c> (nginx's addr_conf->ssl: then every connection to it is TLS).</summary>
    public bool Ssl { get; init; }
}
