namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>proxyserver's kv and resolver extensions</c>'s directives the runtime reads.</summary>
public sealed partial class DynamicDirectives
{
    public static readonly DirectiveKey KvSource = new("kv_source");
    public static readonly DirectiveKey KvMap = new("kv_map");
    public static readonly DirectiveKey KvServers = new("kv_servers");
    public static readonly DirectiveKey ResolverDeny = new("resolver_deny");
}
