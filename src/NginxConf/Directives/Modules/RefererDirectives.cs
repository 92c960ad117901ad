using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_referer_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class RefererDirectives : IDirectiveModule
{
    public static readonly DirectiveKey ValidReferers = new("valid_referers");

    public string Name => "ngx_http_referer_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("referer_hash_bucket_size", Ignored) { Value = ValueKind.Number },
        new("referer_hash_max_size", Ignored) { Value = ValueKind.Number },
        new(ValidReferers, Implemented),
    ];
}
