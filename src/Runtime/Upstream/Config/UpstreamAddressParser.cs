using System.Net;
using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// The address of a <c>server</c> line to endpoints, with nginx's errors: the split is the directive
/// table's <see cref="HostPort"/>; on top, what <c>ngx_parse_url</c> refuses in an upstream (a URI part or a
/// scheme: <c>invalid host</c>) and a name that resolves to nothing (<c>host not found</c>).
/// </summary>
public static class UpstreamAddressParser
{
    public static (IReadOnlyList<EndPoint> Addresses, string? Error) Parse(string url, Func<string, IPAddress[]>? resolve = null)
    {
        if (!HostPort.TryParse(url, bareNumberIsPort: false, out var address)) return ([], $"invalid port in upstream \"{url}\"");
        if (!address.IsUnix && (url.Contains('/') || address.Host.Length == 0)) return ([], $"invalid host in upstream \"{url}\"");
        var endPoints = UpstreamAddresses.Resolve(address, resolve);
        return endPoints.Count == 0 ? ([], $"host not found in upstream \"{url}\"") : (endPoints, null);
    }
}
