using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_sub_filter_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class SubModule : IDirectiveModule
{
    public string Name => "ngx_http_sub_filter_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("sub_filter", HttpAny, Arity.Take2, Refused) { Repeatable = true, Note = "responses are not rewritten yet: the text to replace would reach clients" },
        new("sub_filter_last_modified", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("sub_filter_once", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("sub_filter_types", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true },
    ];
}
