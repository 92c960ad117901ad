using System.Net;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// Turns <c>upstream NAME { ... }</c> into an <see cref="UpstreamDefinition"/>, reporting every problem the
/// way nginx words it. Directive names and arity are the directive table's business; this reads
/// meaning: the balancing method and its arguments, each <c>server</c>'s address and parameters
/// (checked against the method in force at that line), and the "no servers" rules.
/// </summary>
public static class UpstreamBlockCompiler
{
    public static UpstreamDefinition? Compile(ConfigDirective upstream, ICollection<Diagnostic> diagnostics,
        Func<string, IPAddress[]>? resolve = null)
    {
        var name = upstream.Args.Count > 0 ? upstream.Args[0].Value : "";
        var method = BalancingMethod.RoundRobin;
        var methodSet = false;
        var support = ServerParameterSupport.All;
        var servers = new List<UpstreamServer>();
        var keepalive = 0;
        var failed = false;

        foreach (var directive in ConfigTree.Expand(upstream.Block ?? []))
        {
            var args = directive.Args.Select(a => a.Value).ToList();
            BalancingMethod? chosen;
            string? error;
            switch (directive.Name)
            {
                case "server" when args.Count > 0:
                    var server = CompileServer(args, support, resolve, out error);
                    if (server is not null) servers.Add(server);
                    else Report(error!);
                    continue;
                case "keepalive" when args.Count == 1:
                    var count = NginxNumbers.Atoi(args[0]);
                    if (count is null or 0 or > int.MaxValue) Report($"invalid value \"{args[0]}\" in \"keepalive\" directive");
                    else keepalive = (int)count;
                    continue;
                default:
                    (chosen, error) = BalancingDirectives.Read(directive.Name, args);
                    break;
            }
            if (error is not null) Report(error);
            if (chosen is null) continue;
            if (methodSet) diagnostics.Add(Diagnostic.Warning("load balancing method redefined", directive.Position));
            method = chosen;
            methodSet = true;
            support = ServerParameterSupportExtensions.For(method.Name);

            void Report(string message)
            {
                diagnostics.Add(Diagnostic.Error(message, directive.Position));
                failed = true;
            }
        }

        if (failed) return null;
        if (servers.Count == 0)
        {
            diagnostics.Add(Diagnostic.Error("no servers are inside upstream", upstream.Position));
            return null;
        }
        if (!servers.Any(s => !s.Backup))
        {
            diagnostics.Add(Diagnostic.Error($"no servers in upstream \"{name}\"", upstream.Position));
            return null;
        }
        return new UpstreamDefinition(name, method, servers, upstream.Position) { Keepalive = keepalive };
    }

    private static UpstreamServer? CompileServer(List<string> args, ServerParameterSupport support,
        Func<string, IPAddress[]>? resolve, out string? error)
    {
        // nginx reads the parameters before resolving the address: a bad parameter is reported first
        var (server, parameterError) = ServerParameterParser.Apply(new UpstreamServer(args[0], []), args.Skip(1), support);
        if (parameterError is not null)
        {
            error = parameterError;
            return null;
        }
        var (addresses, addressError) = UpstreamAddressParser.Parse(args[0], resolve);
        error = addressError;
        return addressError is null ? server with { Addresses = addresses } : null;
    }
}
