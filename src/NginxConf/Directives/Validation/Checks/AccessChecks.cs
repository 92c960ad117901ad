using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary><c>allow</c> / <c>deny</c>: an address, a CIDR block, <c>unix:</c> or <c>all</c> (ngx_http_access_rule).</summary>
public static class AccessChecks
{
    public static void Address(DirectiveUse use)
    {
        var text = use.Args[0].Value;
        if (text is "all" or "unix:") return;
        var cidr = NginxCidr.Parse(text);
        if (!cidr.Ok) use.Error(cidr.Error!, use.Args[0]);
        else if (cidr.Value!.LowBitsSet) use.Warning($"low address bits of {text} are meaningless", use.Args[0]);
    }
}
