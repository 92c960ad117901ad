using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_autoindex_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class AutoindexDirectives : IDirectiveModule
{
    public static readonly DirectiveKey<bool> Autoindex = DirectiveKey.Flag("autoindex", false);
    public static readonly DirectiveKey<bool> ExactSize = DirectiveKey.Flag("autoindex_exact_size", true);
    public static readonly DirectiveKey<string> Format = DirectiveKey.Text("autoindex_format", "html");
    public static readonly DirectiveKey<bool> Localtime = DirectiveKey.Flag("autoindex_localtime", false);

    public string Name => "ngx_http_autoindex_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Autoindex, Implemented) { Value = ValueKind.Flag },
        new(ExactSize, Implemented) { Value = ValueKind.Flag },
        new(Format, Implemented) { Value = ValueKind.Choice, Choices = ["html", "xml", "json", "jsonp"] },
        new(Localtime, Implemented) { Value = ValueKind.Flag },
    ];
}
