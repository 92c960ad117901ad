using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_charset_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class CharsetDirectives : IDirectiveModule
{
    public string Name => "ngx_http_charset_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("charset", Ignored) { Note = "bodies are not recoded" },
        new("charset_map", Ignored) { Note = "bodies are not recoded" },
        new("charset_types", Ignored) { Note = "bodies are not recoded" },
        new("override_charset", Ignored) { Value = ValueKind.Flag, Note = "bodies are not recoded" },
        new("source_charset", Ignored) { Note = "bodies are not recoded" },
    ];
}
