using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_rewrite_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class RewriteDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Set = new("set");
    public static readonly DirectiveKey Rewrite = new("rewrite");
    public static readonly DirectiveKey Return = new("return");
    public static readonly DirectiveKey Break = new("break");
    public static readonly DirectiveKey If = new("if");

    public string Name => "ngx_http_rewrite_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Break, Implemented),
        new(If, Implemented) { Check = RewriteChecks.If },
        new(Return, Implemented) { Check = RewriteChecks.Return },
        new(Rewrite, Implemented) { Check = RewriteChecks.Rewrite },
        new("rewrite_log", Ignored) { Value = ValueKind.Flag },
        new(Set, Implemented) { Check = RewriteChecks.Set },
        new("uninitialized_variable_warn", Ignored) { Value = ValueKind.Flag },
    ];
}
