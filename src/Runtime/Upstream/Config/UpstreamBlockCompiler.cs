using System.Net;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// Builds an <see cref="UpstreamDefinition"/> from <c>upstream NAME { ... }</c>. The directive table
/// validated the block (<c>check</c>); this reads it with the same typed parser
/// (<see cref="UpstreamServerParameters"/>), resolves the addresses, and refuses what cannot run:
/// a server that does not parse or resolve, or a block without primary servers.
/// </summary>
public static class UpstreamBlockCompiler
{
    /// <summary>
    /// An upstream whose servers change while serving (<c>kv_servers</c>, <c>server ... resolve</c>):
    /// the dynamic module compiles it into a live group; <see cref="Compile"/> is not for it.
    /// </summary>
    public static bool IsDynamic(ConfigDirective upstream) =>
        ConfigTree.Expand(upstream.Block ?? []).Any(d => DynamicDirectives.KvServers.Names(d) ||
            UpstreamDirectives.Server.Names(d) && d.Args.Skip(1).Any(a => a.Value == "resolve"));

    public static UpstreamDefinition? Compile(ConfigDirective upstream, ICollection<Diagnostic> diagnostics,
        Func<string, IPAddress[]>? resolve = null, DirectiveReads? reads = null)
    {
        var block = new DirectiveScope(ScopeKind.Other, upstream.Block ?? [], reads ?? new DirectiveReads());
        var name = upstream.Args.Count > 0 ? upstream.Args[0].Value : "";
        var method = BalancingMethod.RoundRobin;
        var servers = new List<UpstreamServer>();
        var keepalive = 0;
        var keepaliveTimeout = UpstreamKeepalive.DefaultIdleTimeout;
        var keepaliveTime = UpstreamKeepalive.DefaultMaxLifetime;
        var keepaliveRequests = UpstreamKeepalive.DefaultRequests;
        var failed = false;

        foreach (var directive in block.OwnInOrder([UpstreamDirectives.Server, UpstreamKeepaliveDirectives.Keepalive,
            UpstreamKeepaliveDirectives.KeepaliveTimeout, UpstreamKeepaliveDirectives.KeepaliveTime, UpstreamKeepaliveDirectives.KeepaliveRequests,
            .. BalancingDirectives.Keys]))
        {
            var args = directive.Args.Select(a => a.Value).ToList();
            // A server without an address is the directive table's arity error, reported by the validation.
            if (UpstreamDirectives.Server.Names(directive) && args.Count > 0)
            {
                var server = CompileServer(args, resolve, out var error);
                if (server is not null) servers.Add(server);
                else Report(error!, directive.Position);
            }
            else if (UpstreamKeepaliveDirectives.Keepalive.Names(directive) && args.Count == 1 && NginxNumbers.Atoi(args[0]) is { } count)
            {
                keepalive = (int)Math.Min(count, int.MaxValue);
            }
            else if (UpstreamKeepaliveDirectives.KeepaliveRequests.Names(directive) && args.Count == 1 && NginxNumbers.Atoi(args[0]) is { } requests)
            {
                keepaliveRequests = (int)Math.Min(requests, int.MaxValue);
            }
            else if ((UpstreamKeepaliveDirectives.KeepaliveTimeout.Names(directive) || UpstreamKeepaliveDirectives.KeepaliveTime.Names(directive)) && args.Count == 1
                && NginxConf.Directives.Values.NginxTime.TryParse(args[0], out var time))
            {
                if (UpstreamKeepaliveDirectives.KeepaliveTimeout.Names(directive)) keepaliveTimeout = time;
                else keepaliveTime = time;
            }
            else if (BalancingDirectives.Read(directive) is { } chosen)
            {
                method = chosen;
            }
        }

        if (failed) return null;
        if (servers.Count == 0)
        {
            Report("no servers are inside upstream", upstream.Position);
            return null;
        }
        if (servers.All(s => s.Backup))
        {
            Report($"no servers in upstream \"{name}\"", upstream.Position);
            return null;
        }
        return new UpstreamDefinition(name, method, servers, upstream.Position)
        {
            Keepalive = keepalive,
            KeepaliveTimeout = keepaliveTimeout,
            KeepaliveTime = keepaliveTime,
            KeepaliveRequests = keepaliveRequests,
            Zone = block.Own(UpstreamZoneDirectives.Zone).LastOrDefault() is { Args.Count: > 0 } zone ? zone.Args[0].Value : null,
        };

        void Report(string message, SourcePosition at)
        {
            diagnostics.Add(Diagnostic.Error(message, at));
            failed = true;
        }
    }

    private static UpstreamServer? CompileServer(List<string> args, Func<string, IPAddress[]>? resolve, out string? error)
    {
        var (server, parameterError) = ServerParameterParser.Apply(new UpstreamServer(args[0], []), args.Skip(1), ServerParameterSupport.All);
        var (addresses, addressError) = parameterError is null ? UpstreamAddressParser.Parse(args[0], resolve) : ([], null);
        error = parameterError ?? addressError;
        return error is null ? server with { Addresses = addresses } : null;
    }
}
