namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_stub_status_module</c>'s directives the runtime reads.</summary>
public sealed partial class StubStatusDirectives
{
    public static readonly DirectiveKey StubStatus = new("stub_status");
}
