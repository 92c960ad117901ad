using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_stub_status_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class StubStatusModule : IDirectiveModule
{
    public string Name => "ngx_http_stub_status_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("stub_status", Server | Location, Arity.NoArgs | Arity.Take1, Implemented) { Repeatable = true },
    ];
}
