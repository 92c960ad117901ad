namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_rewrite_module</c>'s directives the runtime reads.</summary>
public sealed partial class RewriteDirectives
{
    public static readonly DirectiveKey Set = new("set");
    public static readonly DirectiveKey Rewrite = new("rewrite");
    public static readonly DirectiveKey Return = new("return");
    public static readonly DirectiveKey Break = new("break");
    public static readonly DirectiveKey If = new("if");
}
