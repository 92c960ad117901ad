using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary><c>set_real_ip_from</c>: an address, a CIDR block, <c>unix:</c> or a host name (ngx_http_realip_from).</summary>
public static class RealIpChecks
{
    public static void From(DirectiveUse use)
    {
        var text = use.Args[0].Value;
        if (text == "unix:") return;
        var cidr = NginxCidr.Parse(text);
        if (cidr.Ok)
        {
            if (cidr.Value!.LowBitsSet) use.Warning($"low address bits of {text} are meaningless", use.Args[0]);
            return;
        }
        // Not an address: nginx resolves it as a host name (ngx_inet_resolve_host) at load; text that
        // cannot be one (a bad CIDR block) fails without asking anyone.
        var message = $"host not found in set_real_ip_from \"{text}\"";
        if (text.Length == 0 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')) use.Error(message, use.Args[0]);
        else use.Facts.HostsToResolve.Add((text, message, use.Args[0]));
    }
}
