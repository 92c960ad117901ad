using System.Net;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Naxsi;

/// <summary>The argument of <c>IgnoreIP</c> (one address) or <c>IgnoreCIDR</c> (a network).</summary>
public static class IgnoredClientParser
{
    public static IPNetwork? Parse(string directive, ConfigArgument arg, ICollection<Diagnostic> diagnostics)
    {
        var canonical = NaxsiDirectives.CanonicalName(directive);
        if (canonical == NaxsiDirectives.IgnoreIP && IPAddress.TryParse(arg.Value, out var address))
            return new IPNetwork(address, address.GetAddressBytes().Length * 8);
        if (canonical == NaxsiDirectives.IgnoreCIDR && IPNetwork.TryParse(arg.Value, out var network))
            return network;
        var what = canonical == NaxsiDirectives.IgnoreIP ? "address" : "network";
        diagnostics.Add(Diagnostic.Error($"invalid {what} \"{arg.Value}\" in \"{directive}\"", arg.Position));
        return null;
    }
}
