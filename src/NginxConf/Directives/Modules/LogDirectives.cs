namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_log_module</c>'s directives the runtime reads.</summary>
public sealed partial class LogDirectives
{
    public static readonly DirectiveKey LogFormat = new("log_format");
    public static readonly DirectiveKey AccessLog = new("access_log");
}
