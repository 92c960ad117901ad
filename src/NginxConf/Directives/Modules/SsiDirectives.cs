using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_ssi_filter_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class SsiDirectives : IDirectiveModule
{
    public static readonly DirectiveKey<bool> Ssi = DirectiveKey.Flag("ssi", false);
    public static readonly DirectiveKey<bool> SilentErrors = DirectiveKey.Flag("ssi_silent_errors", false);
    public static readonly DirectiveKey<bool> LastModified = DirectiveKey.Flag("ssi_last_modified", false);
    public static readonly DirectiveKey<long> ValueLength = DirectiveKey.Size("ssi_value_length", 255);
    public static readonly DirectiveKey Types = new("ssi_types");

    public string Name => "ngx_http_ssi_filter_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(Ssi, Implemented) { Value = ValueKind.Flag },
        new("ssi_ignore_recycled_buffers", Ignored) { Value = ValueKind.Flag, Note = "nginx's buffer reuse; every write here is parsed as it comes" },
        new(LastModified, Implemented) { Value = ValueKind.Flag },
        new("ssi_min_file_chunk", Ignored) { Value = ValueKind.Size, Note = "sendfile of a page's unchanged parts; the parts are written from memory here" },
        new(SilentErrors, Implemented) { Value = ValueKind.Flag },
        new(Types, Implemented) { Check = FilterChecks.MimeTypeList },
        new(ValueLength, Implemented) { Value = ValueKind.Size },
    ];
}
