using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_sub_filter_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class SubDirectives : IDirectiveModule
{
    public string Name => "ngx_http_sub_filter_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("sub_filter", Refused) { Note = "responses are not rewritten yet: the text to replace would reach clients" },
        new("sub_filter_last_modified", Ignored) { Value = ValueKind.Flag },
        new("sub_filter_once", Ignored) { Value = ValueKind.Flag },
        new("sub_filter_types", Ignored),
    ];
}
