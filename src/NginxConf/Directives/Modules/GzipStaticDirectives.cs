using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_gzip_static_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class GzipStaticDirectives : IDirectiveModule
{
    public static readonly DirectiveKey<string> GzipStatic = DirectiveKey.Text("gzip_static", "off");

    public string Name => "ngx_http_gzip_static_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(GzipStatic, Implemented) { Value = ValueKind.Choice, Choices = ["on", "off", "always"] },
    ];
}
