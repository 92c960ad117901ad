using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_charset_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class CharsetDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Charset = new("charset");
    public static readonly DirectiveKey Map = new("charset_map");
    public static readonly DirectiveKey Types = new("charset_types");
    public static readonly DirectiveKey<bool> OverrideCharset = DirectiveKey.Flag("override_charset", false);
    public static readonly DirectiveKey SourceCharset = new("source_charset");

    public string Name => "ngx_http_charset_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Charset, Implemented),
        new(Map, Implemented),
        new(Types, Implemented),
        new(OverrideCharset, Implemented) { Value = ValueKind.Flag },
        new(SourceCharset, Implemented),
    ];
}
