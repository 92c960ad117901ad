using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>
/// proxyserver's own dynamic-routing directives (nginx has none of them): an etcd key/value source,
/// a map and an upstream's servers fed from it, and a guard on what a resolver may return.
/// The <c>resolve</c> parameter of upstream <c>server</c> is read by the upstream module's spec.
/// </summary>
public sealed class DynamicDirectives : IDirectiveModule
{
    public static readonly DirectiveKey KvSource = new("kv_source");
    public static readonly DirectiveKey KvMap = new("kv_map");
    public static readonly DirectiveKey KvServers = new("kv_servers");
    public static readonly DirectiveKey ResolverDeny = new("resolver_deny");

    public string Name => "ngx_http_proxyserver_dynamic_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(KvSource, Http, Arity.Take23, Implemented) { Repeatable = true, Check = DynamicChecks.KvSource },
        new(KvMap, Http, Arity.Take2, Implemented) { IsBlock = true, Body = BodyKind.Entries, Repeatable = true, Check = DynamicChecks.KvMap },
        new(KvServers, Upstream, Arity.Take2, Implemented) { Repeatable = true, Check = DynamicChecks.KvServers },
        new(ResolverDeny, HttpAny, Arity.OneOrMore, Implemented) { Check = DynamicChecks.ResolverDeny },
    ];
}
