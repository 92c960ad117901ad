using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_charset_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class CharsetModule : IDirectiveModule
{
    public string Name => "ngx_http_charset_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("charset", HttpAny | IfInLocation, Arity.Take1, Ignored) { Note = "bodies are not recoded" },
        new("charset_map", Http, Arity.Take2, Ignored) { IsBlock = true, Body = BodyKind.Entries, Repeatable = true, Note = "bodies are not recoded" },
        new("charset_types", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "bodies are not recoded" },
        new("override_charset", HttpAny | IfInLocation, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "bodies are not recoded" },
        new("source_charset", HttpAny | IfInLocation, Arity.Take1, Ignored) { Note = "bodies are not recoded" },
    ];
}
