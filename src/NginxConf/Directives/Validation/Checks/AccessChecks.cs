using System.Net;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary><c>allow</c> / <c>deny</c>: an address, a CIDR block, <c>unix:</c> or <c>all</c>.</summary>
public static class AccessChecks
{
    public static void Address(DirectiveUse use)
    {
        var text = use.Args[0].Value;
        if (text is "all" or "unix:") return;
        var slash = text.IndexOf('/');
        var address = slash < 0 ? text : text[..slash];
        var valid = IPAddress.TryParse(address, out var ip)
            && (slash < 0 || (int.TryParse(text[(slash + 1)..], out var bits) && bits >= 0
                && bits <= (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32)));
        if (!valid) use.Error($"invalid parameter \"{text}\"", use.Args[0]);
    }
}
