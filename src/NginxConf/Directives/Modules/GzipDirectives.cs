using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>
/// <c>ngx_http_gzip_module</c> with the gzip directives nginx keeps in its core module (<c>gzip_vary</c>,
/// <c>gzip_disable</c>, <c>gzip_http_version</c>, <c>gzip_proxied</c>): what proxyserver does with each
/// directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).
/// </summary>
public sealed class GzipDirectives : IDirectiveModule
{
    public static readonly DirectiveKey<bool> Gzip = DirectiveKey.Flag("gzip", false);
    public static readonly DirectiveKey Buffers = new("gzip_buffers");
    public static readonly DirectiveKey<long> CompLevel = DirectiveKey.Number("gzip_comp_level", 1);
    public static readonly DirectiveKey Disable = new("gzip_disable");
    public static readonly DirectiveKey<string> HttpVersion = DirectiveKey.Text("gzip_http_version", "1.1");
    public static readonly DirectiveKey<long> MinLength = DirectiveKey.Size("gzip_min_length", 20);
    public static readonly DirectiveKey Proxied = new("gzip_proxied");
    public static readonly DirectiveKey Types = new("gzip_types");
    public static readonly DirectiveKey<bool> Vary = DirectiveKey.Flag("gzip_vary", false);

    public string Name => "ngx_http_gzip_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Gzip, Implemented) { Value = ValueKind.Flag },
        // zlib's output buffers: how the compressed bytes are cut into writes, which no client sees.
        new(Buffers, Implemented) { Value = ValueKind.Buffers },
        new(CompLevel, Implemented) { Check = FilterChecks.GzipCompLevel },
        new(Disable, Implemented) { Check = FilterChecks.GzipDisable },
        new("gzip_hash", Ignored) { Value = ValueKind.Size, Check = FilterChecks.GzipHash, Note = "zlib's memory level is its own (the bytes decode the same)" },
        new(HttpVersion, Implemented) { Value = ValueKind.Choice, Choices = ["1.0", "1.1"] },
        new(MinLength, Implemented) { Value = ValueKind.Size },
        new("gzip_no_buffer", Ignored) { Value = ValueKind.Flag, Note = "compressed output is flushed as the response's producer flushes" },
        new(Proxied, Implemented) { Value = ValueKind.ChoiceList, Choices = ["off", "expired", "no-cache", "no-store", "private", "no_last_modified", "no_etag", "auth", "any"] },
        new(Types, Implemented) { Check = FilterChecks.MimeTypeList },
        new(Vary, Implemented) { Value = ValueKind.Flag },
        new("gzip_window", Ignored) { Value = ValueKind.Size, Check = FilterChecks.GzipWindow, Note = "zlib's window is its own (the bytes decode the same)" },
    ];
}
