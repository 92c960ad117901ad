using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_autoindex_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class AutoindexModule : IDirectiveModule
{
    public string Name => "ngx_http_autoindex_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("autoindex", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "directory listings are not served" },
        new("autoindex_exact_size", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "directory listings are not served" },
        new("autoindex_format", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Choice, Choices = ["html", "xml", "json", "jsonp"], Note = "directory listings are not served" },
        new("autoindex_localtime", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "directory listings are not served" },
    ];
}
