using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Dynamic.Dns;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.KvMap;
using ProxyServer.Runtime.Dynamic.LiveUpstream;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Upstream.Config;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// Routing that follows change, in the serving pipeline: <c>kv_source</c> watches, <c>kv_map</c>
/// variables, <c>$kv_revision</c> and <c>$kv_status</c>, live upstream groups (kv_servers, <c>server NAME resolve</c>), and
/// per location the <c>resolver</c> / <c>resolver_timeout</c> / <c>resolver_deny</c> that
/// <c>proxy_pass</c> with variables resolves with at request time.
/// </summary>
public sealed class DynamicHttpModule : IHttpModule
{
    public string Name => "ngx_http_proxyserver_dynamic_module";

    private sealed class PendingMaps
    {
        public List<(ConfigDirective Directive, KvMapHolder Holder)> Maps { get; } = [];
    }

    private sealed class KvMapHolder(KvMapDefinition map, KvSource source)
    {
        public KvMapDefinition Map { get; } = map;
        public KvSource Source { get; } = source;
        public ComplexValue Input = ComplexValue.Literal("");
    }

    /// <summary>One resolver per <c>resolver</c> directive (with its timeout): locations inheriting it share its cache, as in nginx.</summary>
    private sealed class Resolvers
    {
        public Dictionary<(ConfigDirective, TimeSpan), DnsNameResolver> ByDirective { get; } = [];
    }

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        variables.Register("kv_revision", r => r.Model.Features.Get<DynamicRouting>()?.Revision);
        variables.Register("kv_status", r => r.Model.Features.Get<DynamicRouting>()?.StatusJson(DateTimeOffset.UtcNow));
    }

    public void CompileHttp(DirectiveScope http, CompileContext context)
    {
        var settings = new Dictionary<string, KvSourceSettings>(StringComparer.Ordinal);
        foreach (var directive in http.Own(DynamicDirectives.KvSource))
        {
            var parsed = KvSourceSettings.Parse([.. directive.Args.Select(a => a.Value)]);
            if (parsed.Value is { } value) settings[value.Name] = value;
            else context.Error(parsed.Error!, directive.Position);
        }

        var maps = new List<(ConfigDirective Directive, KvMapDefinition Map)>();
        foreach (var directive in http.Own(DynamicDirectives.KvMap))
        {
            var body = KvMapBody.Parse(ConfigTree.Expand(directive.Block ?? []));
            if (body.Value is not { } read || directive.Args.Count != 2)
            {
                context.Error(body.Error ?? "invalid number of arguments in \"kv_map\" directive", directive.Position);
                continue;
            }
            maps.Add((directive, new KvMapDefinition(directive.Args[0].Value, directive.Args[1].Value, read.SourceName, read.Prefix, read.Hostnames, read.Default)));
        }

        var upstreams = http.Own(UpstreamDirectives.Upstream).Where(UpstreamBlockCompiler.IsDynamic)
            .Select(u => DynamicUpstreamBlock.Read(u, context)).OfType<DynamicUpstreamBlock>().ToList();

        // Every prefix each source must watch, then one running source per kv_source.
        var prefixes = settings.Keys.ToDictionary(n => n, _ => new List<KvWatchedPrefix>(), StringComparer.Ordinal);
        foreach (var (directive, map) in maps)
        {
            if (prefixes.TryGetValue(map.SourceName, out var list)) list.Add(map.Watch());
            else context.Error($"unknown kv_source \"{map.SourceName}\"", directive.Position);
        }
        foreach (var upstream in upstreams)
            foreach (var definition in upstream.KvServers)
                if (prefixes.TryGetValue(definition.SourceName, out var list)) list.Add(definition.Watch());
        if (context.HasErrors) return;
        // The running source when unchanged (its watch goes on), else a new one the process starts when this model serves.
        var sources = settings.Values.ToDictionary(s => s.Name, s => context.Cycle.Dynamic.KvSourceFor(s, prefixes[s.Name]), StringComparer.Ordinal);

        var pending = context.Features.GetOrAdd(() => new PendingMaps());
        foreach (var (directive, map) in maps)
        {
            var holder = new KvMapHolder(map, sources[map.SourceName]);
            var cache = context.Variables.AllocateSlot();
            context.Variables.Register(map.ResultVariable[1..], request =>
            {
                if (request.Slots[cache] is { } cached) return cached;
                var value = KvMapLookup.Lookup(holder.Map, holder.Source.Current, holder.Input.Evaluate(request)) ?? "";
                request.Slots[cache] = value;
                return value;
            });
            pending.Maps.Add((directive, holder));
        }

        var live = new Dictionary<string, LiveUpstreamGroup>(StringComparer.OrdinalIgnoreCase);
        foreach (var upstream in upstreams)
        {
            var resolver = ResolverFor(new DirectiveScope(ScopeKind.Other, upstream.Directive.Block ?? [], http, upstream.Directive), context);
            live[upstream.Name] = upstream.Build(name => sources.GetValueOrDefault(name), resolver, context);
        }
        context.Features.Set(new DynamicRouting([.. settings.Keys.Select(n => sources[n])], live));
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var resolver = ResolverFor(location.Scope, context);
        var deny = location.Scope.Nearest(DynamicDirectives.ResolverDeny);
        if (resolver is null && deny is null) return;
        var ranges = deny is null ? ResolverDenyList.Empty : Parse(() => ResolverDenyList.Parse(deny.Args.Select(a => a.Value)), deny, context);
        location.Features.Set(new ResolverInForce(resolver, ranges ?? ResolverDenyList.Empty));
    }

    public void CompleteHttp(CompileContext context)
    {
        if (context.Features.Get<PendingMaps>() is not { } pending) return;
        foreach (var (directive, holder) in pending.Maps)
            holder.Input = ComplexValue.Compile(directive.Args[0].Value, context, directive.Position);
    }

    private static DnsNameResolver? ResolverFor(DirectiveScope scope, CompileContext context)
    {
        if (scope.Nearest(HttpCoreDirectives.Resolver) is not { } directive) return null;
        var timeout = scope.Get(HttpCoreDirectives.ResolverTimeout, context);
        var resolvers = context.Features.GetOrAdd(() => new Resolvers());
        if (resolvers.ByDirective.TryGetValue((directive, timeout), out var shared)) return shared;
        var settings = Parse(() => ResolverSettingsParser.Parse([.. directive.Args.Select(a => a.Value)], timeout), directive, context);
        if (settings is null) return null;
        var resolver = new DnsNameResolver(settings);
        resolvers.ByDirective[(directive, timeout)] = resolver;
        return resolver;
    }

    private static T? Parse<T>(Func<T> parse, ConfigDirective directive, CompileContext context) where T : class
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            context.Error(e.Message, directive.Position);
            return null;
        }
    }
}
