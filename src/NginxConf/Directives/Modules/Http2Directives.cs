namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_v2_module</c>'s directives the runtime reads.</summary>
public sealed partial class Http2Directives
{
    public static readonly DirectiveKey<bool> Http2 = DirectiveKey.Flag("http2", false);
}
