using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_ssi_filter_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class SsiModule : IDirectiveModule
{
    public string Name => "ngx_http_ssi_filter_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("ssi", HttpAny | IfInLocation, Arity.Flag, Refused) { Value = ValueKind.Flag, Note = "SSI is not processed yet: pages would reach clients with their SSI commands as written" },
        new("ssi_ignore_recycled_buffers", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("ssi_last_modified", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("ssi_min_file_chunk", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size },
        new("ssi_silent_errors", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("ssi_types", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true },
        new("ssi_value_length", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size },
    ];
}
