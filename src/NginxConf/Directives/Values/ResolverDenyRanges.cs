using System.Net;
using System.Net.Sockets;

namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>The arguments of our <c>resolver_deny CIDR ...</c>: <c>169.254.0.0/16</c>, <c>fd00::/8</c>, or one address.</summary>
public static class ResolverDenyRanges
{
    public static Parsed<IReadOnlyList<IPNetwork>> Parse(IEnumerable<string> arguments)
    {
        var networks = new List<IPNetwork>();
        foreach (var argument in arguments)
        {
            if (IPNetwork.TryParse(argument, out var network))
                networks.Add(network);
            else if (IPAddress.TryParse(argument, out var address))
                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            else
                return Parsed<IReadOnlyList<IPNetwork>>.Fail($"invalid parameter \"{argument}\"");
        }
        return Parsed<IReadOnlyList<IPNetwork>>.Success(networks);
    }
}
