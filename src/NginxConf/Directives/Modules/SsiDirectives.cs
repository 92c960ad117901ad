using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_ssi_filter_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class SsiDirectives : IDirectiveModule
{
    public string Name => "ngx_http_ssi_filter_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("ssi", Refused) { Value = ValueKind.Flag, Note = "SSI is not processed yet: pages would reach clients with their SSI commands as written" },
        new("ssi_ignore_recycled_buffers", Ignored) { Value = ValueKind.Flag },
        new("ssi_last_modified", Ignored) { Value = ValueKind.Flag },
        new("ssi_min_file_chunk", Ignored) { Value = ValueKind.Size },
        new("ssi_silent_errors", Ignored) { Value = ValueKind.Flag },
        new("ssi_types", Ignored),
        new("ssi_value_length", Ignored) { Value = ValueKind.Size },
    ];
}
