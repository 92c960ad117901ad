using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Dynamic.Dns;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.KvServers;
using ProxyServer.Runtime.Dynamic.LiveUpstream;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Config;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// Reads an <c>upstream</c> block that has <c>kv_servers</c> or a <c>server ... resolve</c> into the
/// parts of a <see cref="LiveUpstreamGroup"/>: balancing method, static servers, kv prefixes and
/// resolved servers. Static servers read exactly as the upstream module reads them.
/// </summary>
public sealed record DynamicUpstreamBlock(
    string Name,
    BalancingMethod Method,
    IReadOnlyList<UpstreamServer> Static,
    IReadOnlyList<KvServersDefinition> KvServers,
    IReadOnlyList<ResolvableServer> Resolvable,
    ConfigDirective Directive)
{
    internal static DynamicUpstreamBlock? Read(ConfigDirective upstream, CompileContext context)
    {
        var name = upstream.Args.Count > 0 ? upstream.Args[0].Value : "";
        var method = BalancingMethod.RoundRobin;
        var support = ServerParameterSupport.All;
        var statics = new List<UpstreamServer>();
        var kv = new List<KvServersDefinition>();
        var resolvable = new List<ResolvableServer>();
        var failed = false;
        var block = new DirectiveScope(ScopeKind.Other, upstream.Block ?? [], context.Reads);
        foreach (var directive in block.OwnInOrder([DynamicDirectives.KvServers, UpstreamDirectives.Server, .. BalancingDirectives.Keys]))
        {
            var args = directive.Args.Select(a => a.Value).ToList();
            try
            {
                switch (directive)
                {
                    case var _ when DynamicDirectives.KvServers.Names(directive) && args.Count == 2:
                        kv.Add(new KvServersDefinition(args[0], args[1]));
                        break;
                    case var _ when UpstreamDirectives.Server.Names(directive) && args.Count > 0:
                        if (ResolvableServer.TryParse(args, support) is { } dynamic)
                        {
                            // An address needs no resolver: nginx serves it as a fixed server, `resolve` or not.
                            if (System.Net.IPAddress.TryParse(dynamic.Host.Trim('[', ']'), out var literal))
                                statics.Add(dynamic.Template with { Addresses = [new System.Net.IPEndPoint(literal, dynamic.Port)] });
                            else
                                resolvable.Add(dynamic);
                            break;
                        }
                        var (server, error) = ServerParameterParser.Apply(new UpstreamServer(args[0], []), args.Skip(1), support);
                        if (error is not null) throw new FormatException(error);
                        var (addresses, addressError) = UpstreamAddressParser.Parse(args[0], context.ResolveHost);
                        if (addressError is not null) throw new FormatException(addressError);
                        statics.Add(server with { Addresses = addresses });
                        break;
                    default:
                        if (BalancingDirectives.Read(directive) is { } chosen)
                        {
                            method = chosen;
                            support = ServerParameterSupportExtensions.For(chosen.Name);
                        }
                        break;
                }
            }
            catch (FormatException e)
            {
                context.Error(e.Message, directive.Position);
                failed = true;
            }
        }
        return failed ? null : new DynamicUpstreamBlock(name, method, statics, kv, resolvable, upstream);
    }

    internal LiveUpstreamGroup Build(Func<string, KvSource?> source, DnsNameResolver? resolver, CompileContext context)
    {
        var feeds = new List<(KvSource, KvServersDefinition)>();
        foreach (var definition in KvServers)
        {
            if (source(definition.SourceName) is { } found) feeds.Add((found, definition));
            else context.Error($"unknown kv_source \"{definition.SourceName}\"", Directive.Position);
        }
        var resolved = new List<(ResolvableServer, ResolvingPeerSet)>();
        foreach (var server in Resolvable)
        {
            if (resolver is null)
            {
                context.Error($"no resolver defined to resolve names at run time in upstream \"{Name}\"", Directive.Position);
                continue;
            }
            resolved.Add((server, PeerSetFor(server, resolver, context)));
        }
        return new LiveUpstreamGroup(Name, Method, Static, feeds, resolved, context.Cycle.Dynamic.Log);
    }

    /// <summary>One refresher per name, port and resolver in a compile: the running one when unchanged, else new and not started.</summary>
    private static ResolvingPeerSet PeerSetFor(ResolvableServer server, DnsNameResolver resolver, CompileContext context)
    {
        var compiled = context.Features.GetOrAdd(() => new Dictionary<string, ResolvingPeerSet>(StringComparer.Ordinal));
        var key = DynamicWorkers.Key(server.Host, server.Port, resolver.Settings);
        if (!compiled.TryGetValue(key, out var peers))
            compiled[key] = peers = context.Cycle.Dynamic.PeerSetFor(server.Host, server.Port, resolver);
        return peers;
    }
}
