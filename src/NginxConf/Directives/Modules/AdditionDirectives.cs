using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_addition_filter_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class AdditionDirectives : IDirectiveModule
{
    public static readonly DirectiveKey<string> AfterBody = DirectiveKey.Text("add_after_body", "");
    public static readonly DirectiveKey<string> BeforeBody = DirectiveKey.Text("add_before_body", "");
    public static readonly DirectiveKey Types = new("addition_types");

    public string Name => "ngx_http_addition_filter_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(AfterBody, Implemented),
        new(BeforeBody, Implemented),
        new(Types, Implemented) { Check = FilterChecks.MimeTypeList },
    ];
}
