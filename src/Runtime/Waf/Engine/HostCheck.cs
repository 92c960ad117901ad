using System.Net;
using System.Net.Sockets;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>Internal rule 21: a Host naming "this network", broadcast, the unspecified or a multicast IPv6 address.</summary>
internal static class HostCheck
{
    public static bool IsIllegal(string? host)
    {
        if (string.IsNullOrEmpty(host)) return false;
        var name = StripPort(host.Trim());
        if (!IPAddress.TryParse(name, out var address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return bytes[0] == 0 || address.Equals(IPAddress.Broadcast);
        }
        return address.Equals(IPAddress.IPv6Any) || address.GetAddressBytes()[0] == 0xff;
    }

    public static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            return close > 0 ? host[1..close] : host;
        }
        var colon = host.IndexOf(':');
        // More than one colon is a bare IPv6 address, not host:port.
        return colon >= 0 && host.IndexOf(':', colon + 1) < 0 ? host[..colon] : host;
    }
}
