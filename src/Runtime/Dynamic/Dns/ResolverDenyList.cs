using System.Net;
using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Dynamic.Dns;

/// <summary>
/// Our <c>resolver_deny CIDR ...</c>: resolved addresses in these ranges are refused (403), so that
/// <c>proxy_pass http://$host</c> behind a resolver cannot be pointed at e.g. 169.254.169.254.
/// IPv4-mapped IPv6 addresses are checked as the IPv4 address they carry.
/// </summary>
public sealed class ResolverDenyList
{
    private readonly IReadOnlyList<IPNetwork> _networks;

    public ResolverDenyList(IReadOnlyList<IPNetwork> networks) => _networks = networks;

    public static ResolverDenyList Empty { get; } = new([]);

    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>Parses <c>169.254.0.0/16</c>, <c>10.0.0.1</c> (one host), <c>fd00::/8</c>; throws with the check's wording.</summary>
    public static ResolverDenyList Parse(IEnumerable<string> arguments)
    {
        var parsed = ResolverDenyRanges.Parse(arguments);
        return parsed.Value is { } networks ? new ResolverDenyList(networks) : throw new FormatException(parsed.Error);
    }

    /// <summary>The range that refuses <paramref name="address"/>, or null when it is allowed.</summary>
    public IPNetwork? Denying(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var network in _networks)
            if (network.Contains(address)) return network;
        return null;
    }

    public bool Denies(IPAddress address) => Denying(address) is not null;
}
