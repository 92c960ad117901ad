namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_errlog_module</c>'s directives the runtime reads.</summary>
public sealed partial class ErrorLogDirectives
{
    public static readonly DirectiveKey ErrorLog = new("error_log");
}
