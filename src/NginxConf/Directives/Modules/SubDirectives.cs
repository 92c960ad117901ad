using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_sub_filter_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class SubDirectives : IDirectiveModule
{
    public static readonly DirectiveKey SubFilter = new("sub_filter");
    public static readonly DirectiveKey<bool> LastModified = DirectiveKey.Flag("sub_filter_last_modified", false);
    public static readonly DirectiveKey<bool> Once = DirectiveKey.Flag("sub_filter_once", true);
    public static readonly DirectiveKey Types = new("sub_filter_types");

    public string Name => "ngx_http_sub_filter_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(SubFilter, Implemented) { Check = FilterChecks.SubFilter },
        new(LastModified, Implemented) { Value = ValueKind.Flag },
        new(Once, Implemented) { Value = ValueKind.Flag },
        new(Types, Implemented) { Check = FilterChecks.MimeTypeList },
    ];
}
