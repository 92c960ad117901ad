using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_rewrite_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class RewriteModule : IDirectiveModule
{
    public string Name => "ngx_http_rewrite_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("break", Server | Location | IfInServer | IfInLocation, Arity.NoArgs, Implemented) { Repeatable = true },
        new("if", Server | Location, Arity.OneOrMore, Implemented) { IsBlock = true, Repeatable = true, Check = RewriteChecks.If },
        new("return", Server | Location | IfInServer | IfInLocation, Arity.Take1 | Arity.Take2, Implemented) { Repeatable = true, Check = RewriteChecks.Return },
        new("rewrite", Server | Location | IfInServer | IfInLocation, Arity.Take2 | Arity.Take3, Implemented) { Repeatable = true, Check = RewriteChecks.Rewrite },
        new("rewrite_log", HttpAny | IfInServer | IfInLocation, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("set", Server | Location | IfInServer | IfInLocation, Arity.Take2, Implemented) { Repeatable = true, Check = RewriteChecks.Set },
        new("uninitialized_variable_warn", HttpAny | IfInServer | IfInLocation, Arity.Flag, Ignored) { Value = ValueKind.Flag },
    ];
}
