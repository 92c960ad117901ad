using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Cache;

/// <summary>
/// nginx's file cache (ngx_http_file_cache.c) as the http level declares it: each <c>proxy_cache_path</c>
/// becomes a <see cref="CachePathSpec"/> in the <see cref="CacheZoneTable"/> the locations' <c>proxy_cache</c>
/// find, its directory is made before the model serves, and <c>$upstream_cache_status</c> reads the
/// request's <see cref="CacheRequest"/>. The zone itself (index, entries) is the process's
/// (<see cref="Model.SharedZones"/>), found by requests.
/// </summary>
public sealed class CacheModule : IHttpModule
{
    public string Name => "ngx_http_file_cache";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        variables.Register("upstream_cache_status", r => r.Features.Get<CacheRequest>()?.StatusText);
        // ngx_http_upstream_cache_last_modified / _etag: the expired entry's validators while it is revalidated
        // (what fastcgi, scgi and uwsgi send as HTTP_IF_MODIFIED_SINCE / HTTP_IF_NONE_MATCH)
        variables.Register("upstream_cache_last_modified", r => r.Features.Get<CacheRequest>()?.RevalidatedLastModified);
        variables.Register("upstream_cache_etag", r => r.Features.Get<CacheRequest>()?.RevalidatedETag);
    }

    /// <summary>Every module's <c>*_cache_path</c>: their zones share one table and one cache core.</summary>
    private static readonly NginxConf.Directives.DirectiveKey[] PathKeys =
        [ProxyDirectives.CachePath, FastCgiDirectives.CacheKeys.CachePath, ScgiDirectives.CacheKeys.CachePath, UwsgiDirectives.CacheKeys.CachePath];

    public void CompileHttp(DirectiveScope http, CompileContext context)
    {
        var zones = new Dictionary<string, CachePathSpec>(StringComparer.Ordinal);
        var declaredBy = new Dictionary<string, string>(StringComparer.Ordinal);
        var statements = PathKeys.SelectMany(key => http.Own(key));
        foreach (var statement in statements)
        {
            if (statement.Args.Count < 2)
            {
                context.Error($"invalid number of arguments in \"{statement.Name}\" directive", statement.Position);
                continue;
            }
            var path = statement.Args[0].Value.TrimEnd('/');
            var (spec, error) = CachePathSpec.Parse(statement.Name, context.ResolvePath(path.Length == 0 ? "/" : path),
                [.. statement.Args.Skip(1).Select(a => a.Value)]);
            if (spec is null)
            {
                context.Error(error!, statement.Position);
                continue;
            }
            if (declaredBy.TryGetValue(spec.Name, out var other) && other != statement.Name)
            {
                context.Error($"the shared memory zone \"{spec.Name}\" is already declared for a different use", statement.Position);
                continue;
            }
            if (!zones.TryAdd(spec.Name, spec))
            {
                context.Error($"duplicate zone \"{spec.Name}\"", statement.Position);
                continue;
            }
            declaredBy[spec.Name] = statement.Name;
            context.Directories.Add(spec.Path);
        }
        context.Features.Set(new CacheZoneTable(zones, declaredBy));
    }

    /// <summary>The zones the model declares, as the process holds them (for the status API and Prometheus).</summary>
    public static IEnumerable<CacheZone> ZonesOf(Model.RuntimeModel model) =>
        (model.Features.Get<CacheZoneTable>()?.Zones.Values ?? []).Select(spec => ZoneFor(model.Cycle, spec));

    /// <summary>The process's zone for a spec, loading what is on disk when it is first made.</summary>
    public static CacheZone ZoneFor(Model.ProcessCycle cycle, CachePathSpec spec) =>
        cycle.Zones.GetOrAdd(spec.Name, spec, () =>
        {
            var zone = new CacheZone(spec);
            _ = Task.Run(zone.LoadFromDisk);
            return zone;
        });
}
