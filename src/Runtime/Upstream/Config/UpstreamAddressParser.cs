using System.Net;
using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// The address of a <c>server</c> line to endpoints, with nginx's errors: the directive table's
/// <see cref="UpstreamAddress"/> reads it; on top, a name that resolves to nothing (<c>host not found</c>).
/// </summary>
public static class UpstreamAddressParser
{
    public static (IReadOnlyList<EndPoint> Addresses, string? Error) Parse(string url, Func<string, IPAddress[]>? resolve = null)
    {
        var parsed = UpstreamAddress.Parse(url);
        if (parsed.Value is not { } address) return ([], parsed.Error);
        var endPoints = UpstreamAddresses.Resolve(address, resolve);
        return endPoints.Count == 0 ? ([], $"host not found in upstream \"{url}\"") : (endPoints, null);
    }
}
