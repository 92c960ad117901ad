using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// The client as nginx's <c>r-&gt;connection-&gt;sockaddr</c> and <c>addr_text</c> hold it: the connecting
/// peer until the realip module puts the address a trusted proxy reported in its place. Everything that
/// reads "the client" reads <see cref="NginxRequest.Client"/>: <c>$remote_addr</c>, <c>$binary_remote_addr</c>,
/// <c>$remote_port</c>, allow/deny, geo, ip_hash, the WAF, the error log's <c>client:</c>, X-Forwarded-For.
/// </summary>
public sealed class ClientAddress
{
    private ClientAddress(IPAddress? ip, int port, string text)
    {
        Ip = ip;
        Port = port;
        Text = text;
    }

    /// <summary>The address; null for a client on a unix socket.</summary>
    public IPAddress? Ip { get; }

    /// <summary>The port; 0 when unknown (a realip address given without one).</summary>
    public int Port { get; }

    /// <summary>nginx's addr_text (<c>$remote_addr</c>): the address without port or brackets, <c>unix:</c> for a unix socket.</summary>
    public string Text { get; }

    /// <summary><c>$remote_port</c>: empty when the port is unknown (ngx_http_variable_remote_port).</summary>
    public string PortText => Port is > 0 and < 65536 ? Port.ToString(CultureInfo.InvariantCulture) : "";

    /// <summary>The connecting peer; an IPv4 client of a dual-stack socket is its IPv4 address.</summary>
    public static ClientAddress Of(ConnectionInfo connection) =>
        connection.RemoteIpAddress is { } ip ? Of(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip, connection.RemotePort) : Unix;

    /// <summary>An address as ngx_sock_ntop prints it (without port); an IPv4-mapped IPv6 address stays IPv6, as realip reads it.</summary>
    public static ClientAddress Of(IPAddress ip, int port) => new(ip, port, ip.ToString());

    /// <summary>A client on a unix socket: nginx's addr_text is <c>unix:</c> (an accepted peer has no path).</summary>
    public static ClientAddress Unix { get; } = new(null, 0, "unix:");
}
