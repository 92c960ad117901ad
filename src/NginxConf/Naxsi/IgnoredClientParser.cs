using System.Net;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Naxsi;

/// <summary>The argument of <c>IgnoreIP</c> (one address) or <c>IgnoreCIDR</c> (a network).</summary>
public static class IgnoredClientParser
{
    /// <summary><paramref name="network"/>: the argument is a network (<c>IgnoreCIDR</c>), else one address (<c>IgnoreIP</c>).</summary>
    public static IPNetwork? Parse(string directive, bool network, ConfigArgument arg, ICollection<Diagnostic> diagnostics)
    {
        if (!network && IPAddress.TryParse(arg.Value, out var address))
            return new IPNetwork(address, address.GetAddressBytes().Length * 8);
        if (network && IPNetwork.TryParse(arg.Value, out var parsed))
            return parsed;
        var what = network ? "network" : "address";
        diagnostics.Add(Diagnostic.Error($"invalid {what} \"{arg.Value}\" in \"{directive}\"", arg.Position));
        return null;
    }
}
