using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_gzip_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class GzipDirectives : IDirectiveModule
{
    public string Name => "ngx_http_gzip_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("gzip", Ignored) { Value = ValueKind.Flag, Note = "responses are not compressed" },
        new("gzip_buffers", Ignored) { Value = ValueKind.Buffers, Note = "responses are not compressed" },
        new("gzip_comp_level", Ignored) { Note = "responses are not compressed" },
        new("gzip_disable", Ignored) { Note = "responses are not compressed" },
        new("gzip_hash", Ignored) { Value = ValueKind.Size, Note = "responses are not compressed" },
        new("gzip_http_version", Ignored) { Value = ValueKind.Choice, Choices = ["1.0", "1.1"], Note = "responses are not compressed" },
        new("gzip_min_length", Ignored) { Value = ValueKind.Size, Note = "responses are not compressed" },
        new("gzip_no_buffer", Ignored) { Value = ValueKind.Flag, Note = "responses are not compressed" },
        new("gzip_proxied", Ignored) { Value = ValueKind.ChoiceList, Choices = ["off", "expired", "no-cache", "no-store", "private", "no_last_modified", "no_etag", "auth", "any"], Note = "responses are not compressed" },
        new("gzip_types", Ignored) { Note = "responses are not compressed" },
        new("gzip_vary", Ignored) { Value = ValueKind.Flag, Note = "responses are not compressed" },
        new("gzip_window", Ignored) { Value = ValueKind.Size, Note = "responses are not compressed" },
    ];
}
