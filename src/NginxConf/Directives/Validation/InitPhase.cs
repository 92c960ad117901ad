using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// The checks nginx makes after the whole file is read (its init phase): the events section, empty
/// upstreams, what <c>proxy_pass</c> names (an upstream group or a host), host names, server names per socket.
/// </summary>
internal static class InitPhase
{
    private const string NoDnsNote =
        "not looked up: check resolves names from the hosts file only and never needs the network; " +
        "nginx -t would fail here unless DNS knows the name (use --resolve to ask DNS)";

    public static void Check(ValidationRun run, DirectiveContext top, string rootFile)
    {
        var facts = run.Facts;
        if (top == DirectiveContext.Main && facts.Events is null)
            run.Report(Diagnostic.Error("no \"events\" section in configuration", new SourcePosition(rootFile, 0, 0)));

        foreach (var upstream in facts.Upstreams.Values)
        {
            if (upstream.Servers.Count == 0)
                run.Report(Diagnostic.Error("no servers are inside upstream", upstream.Directive.Position));
            // Round robin, which every method builds on, needs one primary server (a "down" one counts).
            else if (upstream.Servers.All(s => s.Backup))
                run.Report(Diagnostic.Error($"no servers in upstream \"{upstream.Name}\"", upstream.Directive.Position));
        }

        var resolver = new HostResolution(run.Options.HostsFile, run.Options.ResolveWithDns);
        foreach (var (target, at) in facts.ProxyTargets)
        {
            if (!target.IsUnix && facts.Upstreams.TryGetValue(target.Host, out _))
            {
                if (target.Port is { } port)
                    run.Report(Diagnostic.Error($"upstream \"{target.Host}\" may not have port {port}", at.Position));
                continue;
            }
            if (!target.IsUnix)
                Resolve(run, resolver, target.Host, $"host not found in upstream \"{target}\"", at);
        }
        foreach (var (host, message, at) in facts.HostsToResolve)
            Resolve(run, resolver, host, message, at);

        HealthCheckChecks.Init(facts, run.Report);
        LimitChecks.Init(facts, run.Report);
        WarnConflictingServerNames(run);
    }

    private static void Resolve(ValidationRun run, HostResolution resolver, string host, string message, ConfigArgument at)
    {
        switch (resolver.Resolve(host))
        {
            case HostResolution.Outcome.NotFound:
                run.Report(Diagnostic.Error(message, at.Position));
                break;
            case HostResolution.Outcome.NotLookedUp:
                run.Report(Diagnostic.Warning(message, at.Position) with { Note = NoDnsNote });
                break;
        }
    }

    /// <summary>nginx's <c>conflicting server name "x" on ADDR:PORT, ignored</c>: the second server never gets that name.</summary>
    private static void WarnConflictingServerNames(ValidationRun run)
    {
        var seen = new HashSet<(string Socket, string Name)>();
        foreach (var server in run.Facts.Servers)
        {
            var sockets = server.Listens.Count == 0 ? ["0.0.0.0:80"] : server.Listens.SelectMany(l => l.Listen.SocketKeys).Distinct();
            foreach (var socket in sockets)
                foreach (var (name, at) in server.Names)
                {
                    if (name.Length == 0) continue;
                    if (!seen.Add((socket, name.ToLowerInvariant())))
                        run.Report(Diagnostic.Warning($"conflicting server name \"{name}\" on {socket}, ignored", at.Position));
                }
        }
    }
}
