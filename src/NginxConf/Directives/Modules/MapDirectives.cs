namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_map_module</c>'s directives the runtime reads.</summary>
public sealed partial class MapDirectives
{
    public static readonly DirectiveKey Map = new("map");
}
