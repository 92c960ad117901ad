namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_status_zone_module</c>'s directives the runtime reads.</summary>
public sealed partial class StatusZoneDirectives
{
    public static readonly DirectiveKey StatusZone = new("status_zone");
}
