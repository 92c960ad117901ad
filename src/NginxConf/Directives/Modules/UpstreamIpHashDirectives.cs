namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_upstream_ip_hash_module</c>'s directives the runtime reads.</summary>
public sealed partial class UpstreamIpHashDirectives
{
    public static readonly DirectiveKey IpHash = new("ip_hash");
}
