using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_gzip_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class GzipModule : IDirectiveModule
{
    public string Name => "ngx_http_gzip_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("gzip", HttpAny | IfInLocation, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "responses are not compressed" },
        new("gzip_buffers", HttpAny, Arity.Take2, Ignored) { Value = ValueKind.Buffers, Note = "responses are not compressed" },
        new("gzip_comp_level", HttpAny, Arity.Take1, Ignored) { Note = "responses are not compressed" },
        new("gzip_disable", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "responses are not compressed" },
        new("gzip_hash", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "responses are not compressed" },
        new("gzip_http_version", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Choice, Choices = ["1.0", "1.1"], Note = "responses are not compressed" },
        new("gzip_min_length", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "responses are not compressed" },
        new("gzip_no_buffer", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "responses are not compressed" },
        new("gzip_proxied", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Value = ValueKind.ChoiceList, Choices = ["off", "expired", "no-cache", "no-store", "private", "no_last_modified", "no_etag", "auth", "any"], Note = "responses are not compressed" },
        new("gzip_types", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "responses are not compressed" },
        new("gzip_vary", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "responses are not compressed" },
        new("gzip_window", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "responses are not compressed" },
    ];
}
