using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_gzip_static_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class GzipStaticModule : IDirectiveModule
{
    public string Name => "ngx_http_gzip_static_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("gzip_static", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Choice, Choices = ["on", "off", "always"], Note = "precompressed files are not looked for" },
    ];
}
