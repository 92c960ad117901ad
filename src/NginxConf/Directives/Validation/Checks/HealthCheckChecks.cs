using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>What the walk saw of health checks and match blocks; judged once the whole tree is read.</summary>
public sealed class HealthCheckFacts
{
    /// <summary>Each <c>health_check</c> with the upstream its location proxies to.</summary>
    public List<(string Upstream, HealthCheckParameters Parameters, ConfigDirective At)> Checks { get; } = [];

    public Dictionary<string, ConfigDirective> Matches { get; } = new(StringComparer.Ordinal);

    /// <summary>Bad entries of match blocks, reported at their own lines.</summary>
    public List<(string Error, SourcePosition At)> MatchErrors { get; } = [];
}

/// <summary>
/// Checks of NGINX Plus's <c>health_check</c> and <c>match</c>, following its documented rules: the location
/// proxies to an upstream group, the group resides in shared memory (<c>zone</c>), <c>match=</c> names a
/// <c>match</c> block (which may come later in the file). NGINX Plus is closed source: the messages are ours,
/// in nginx's shape.
/// </summary>
public static class HealthCheckChecks
{
    public static void HealthCheck(DirectiveUse use)
    {
        var parsed = HealthCheckParameters.Parse([.. use.Values]);
        if (parsed.Value is not { } parameters)
        {
            use.Error(parsed.Error!);
            return;
        }
        if (parameters.Grpc)
        {
            use.Error("health_check type=grpc is not supported by proxyserver (checks are HTTP requests)");
            return;
        }
        var location = use.Scope.Owner;
        var proxyPass = location?.Block is { } body ? ConfigTree.Expand(body).FirstOrDefault(d => d.Name == "proxy_pass") : null;
        if (proxyPass is not { Args.Count: 1 })
        {
            use.Error("health_check requires \"proxy_pass\" to an upstream group in the same location");
            return;
        }
        var target = ProxyPassTarget.Parse(proxyPass.Args[0].Value).Value;
        if (target is null) return; // proxy_pass reports its own error
        if (target.HasVariables || target.Address is not { IsUnix: false, Port: null } address)
        {
            use.Error($"health_check requires \"proxy_pass\" to an upstream group, not \"{proxyPass.Args[0].Value}\"");
            return;
        }
        use.Facts.HealthChecks.Checks.Add((address.Host, parameters, use.Directive));
    }

    public static void Match(DirectiveUse use)
    {
        var name = use.Args[0].Value;
        var facts = use.Facts.HealthChecks;
        if (facts.Matches.ContainsKey(name))
        {
            use.Error($"duplicate match \"{name}\"");
            return;
        }
        facts.Matches[name] = use.Directive;
        var (_, errors) = HealthMatch.Parse(name, use.Directive.Block ?? []);
        facts.MatchErrors.AddRange(errors);
    }

    /// <summary>The init-phase rules: the upstream exists and has a zone; every match= names a block.</summary>
    public static void Init(ConfigFacts facts, Action<Diagnostic> report)
    {
        var health = facts.HealthChecks;
        foreach (var (error, at) in health.MatchErrors) report(Diagnostic.Error(error, at));
        foreach (var (upstream, parameters, at) in health.Checks)
        {
            if (!facts.Upstreams.TryGetValue(upstream, out var group))
                report(Diagnostic.Error($"health_check requires an upstream group: no upstream \"{upstream}\"", at.Position));
            else if (!HasZone(group))
                report(Diagnostic.Error($"upstream \"{group.Name}\" must reside in shared memory (\"zone\") to be health checked", at.Position));
            else if (ChangesServers(group))
                report(Diagnostic.Warning($"health_check of upstream \"{group.Name}\" is ignored: proxyserver checks only upstream groups with fixed servers", at.Position)
                    with { Note = "kv_servers and \"server ... resolve\" change the group's peers while it runs" });
            if (parameters.Match is { } match && !health.Matches.ContainsKey(match))
                report(Diagnostic.Error($"match \"{match}\" not found", at.Position));
        }
    }

    private static bool HasZone(UpstreamState upstream) =>
        ConfigTree.Expand(upstream.Directive.Block ?? []).Any(Modules.UpstreamZoneDirectives.Zone.Names);

    private static bool ChangesServers(UpstreamState upstream) =>
        ConfigTree.Expand(upstream.Directive.Block ?? []).Any(d => d.Name == "kv_servers" || d.Name == "server" && d.Args.Skip(1).Any(a => a.Value == "resolve"));
}
