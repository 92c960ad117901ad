using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_referer_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class RefererModule : IDirectiveModule
{
    public string Name => "ngx_http_referer_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("referer_hash_bucket_size", Server | Location, Arity.Take1, Ignored) { Value = ValueKind.Number },
        new("referer_hash_max_size", Server | Location, Arity.Take1, Ignored) { Value = ValueKind.Number },
        new("valid_referers", Server | Location, Arity.OneOrMore, Refused) { Repeatable = true, Note = "$invalid_referer is not computed yet: checks on it would let every referer in" },
    ];
}
