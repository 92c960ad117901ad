using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_autoindex_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class AutoindexDirectives : IDirectiveModule
{
    public string Name => "ngx_http_autoindex_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("autoindex", Ignored) { Value = ValueKind.Flag, Note = "directory listings are not served" },
        new("autoindex_exact_size", Ignored) { Value = ValueKind.Flag, Note = "directory listings are not served" },
        new("autoindex_format", Ignored) { Value = ValueKind.Choice, Choices = ["html", "xml", "json", "jsonp"], Note = "directory listings are not served" },
        new("autoindex_localtime", Ignored) { Value = ValueKind.Flag, Note = "directory listings are not served" },
    ];
}
