using System.Runtime.CompilerServices;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// Checks of our dynamic-routing directives. A <c>kv_source</c> must be declared (in http) before a
/// <c>kv_map</c> or <c>kv_servers</c> names it, as nginx wants a <c>log_format</c> before its use.
/// </summary>
public static class DynamicChecks
{
    /// <summary>kv_source names per validation run, kept beside the run's facts without widening them.</summary>
    private static readonly ConditionalWeakTable<ConfigFacts, HashSet<string>> Sources = new();

    /// <summary>Upstreams already told they lack a resolver, per validation run (nginx says it once per upstream).</summary>
    private static readonly ConditionalWeakTable<ConfigFacts, HashSet<ConfigDirective>> WithoutResolver = new();

    /// <summary>
    /// A <c>server NAME resolve</c> needs a <c>resolver</c> in its upstream or in http (nginx 1.27.3 refuses to
    /// start without one, naming the upstream). Its name is never looked up here: the resolver does that while running.
    /// </summary>
    public static void ResolveServer(DirectiveUse use)
    {
        if (use.Scope.Owner is not { Name: "upstream" } upstream) return;
        var http = use.Scope.Parent?.Owner;
        if (HasResolver(upstream) || (http is not null && HasResolver(http))) return;
        if (WithoutResolver.GetOrCreateValue(use.Facts).Add(upstream))
            use.Error($"no resolver defined to resolve names at run time in upstream \"{upstream.Args[0].Value}\"", upstream.Args[0]);
    }

    private static bool HasResolver(ConfigDirective block) => ConfigTree.Expand(block.Block ?? []).Any(d => d.Name == "resolver");

    public static void KvSource(DirectiveUse use)
    {
        var parsed = KvSourceSettings.Parse([.. use.Values]);
        if (parsed.Value is not { } settings)
        {
            use.Error(parsed.Error!);
            return;
        }
        if (!Sources.GetOrCreateValue(use.Facts).Add(settings.Name))
            use.Error($"duplicate kv_source \"{settings.Name}\"", use.Args[0]);
    }

    public static void KvMap(DirectiveUse use)
    {
        if (use.Args[0].Value is not ['$', _, ..])
        {
            use.Error($"invalid variable name \"{use.Args[0].Value}\"", use.Args[0]);
            return;
        }
        MapChecks.KvMap(use);
        var body = KvMapBody.Parse(use.Directive.Block ?? []);
        if (body.Value is not { } map)
            use.Error(body.Error!);
        else
            RequireSource(use, map.SourceName);
    }

    public static void KvServers(DirectiveUse use)
    {
        if (!RequireSource(use, use.Args[0].Value)) return;
        // The group's servers come from etcd: it is not "empty" in nginx's sense. The placeholder only
        // counts; no other check reads upstream servers' addresses.
        if (use.Scope.State is UpstreamState upstream)
            upstream.Servers.Add(new UpstreamServerParameters(new HostPort($"kv_servers:{use.Args[0].Value}{use.Args[1].Value}", null)));
    }

    public static void ResolverDeny(DirectiveUse use)
    {
        var parsed = ResolverDenyRanges.Parse(use.Values);
        if (!parsed.Ok) use.Error(parsed.Error!);
    }

    /// <summary>
    /// <c>limit_req_zone ... sync</c> shares through the only <c>kv_source</c> declared before it, <c>sync=NAME</c>
    /// through the one named.
    /// </summary>
    public static void SyncSource(DirectiveUse use, string wanted)
    {
        if (wanted.Length > 0)
        {
            RequireSource(use, wanted);
            return;
        }
        var count = Sources.TryGetValue(use.Facts, out var names) ? names.Count : 0;
        if (count == 0) use.Error("\"sync\" needs a \"kv_source\" in the http block to share the zone through");
        else if (count > 1) use.Error($"\"sync\" must name its kv_source (sync=NAME): there are {count}");
    }

    private static bool RequireSource(DirectiveUse use, string name)
    {
        if (Sources.TryGetValue(use.Facts, out var names) && names.Contains(name)) return true;
        use.Error($"unknown kv_source \"{name}\"");
        return false;
    }
}
