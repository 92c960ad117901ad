using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.LimitReq;

/// <summary>
/// <c>ngx_http_limit_req_module</c>: <c>limit_req_zone</c> (http) declares a zone, its key and rate;
/// <c>limit_req</c> (http, server, location; several per level, inherited as one array: a level with any
/// replaces the inherited ones) limits a location's requests in the preaccess phase, with
/// <c>limit_req_status</c>, <c>limit_req_log_level</c> and <c>limit_req_dry_run</c>; <c>$limit_req_status</c>.
/// </summary>
public sealed class LimitReqModule : IHttpModule
{
    public string Name => "ngx_http_limit_req_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context) =>
        variables.Register("limit_req_status", r => r.Features.Get<LimitReqVerdict>()?.Text);

    public void CompileHttp(DirectiveScope http, CompileContext context)
    {
        var zones = new LimitReqZones();
        var sources = http.Own(DynamicDirectives.KvSource).Select(d => KvSourceSettings.Parse([.. d.Args.Select(a => a.Value)]).Value)
            .OfType<KvSourceSettings>().ToList();
        foreach (var (zone, key, definition) in KeyedZoneCompiler.Compile(http.Own(LimitReqDirectives.Zone), withRate: true,
            LimitChecks.LimitReqModule, "limit_req", context,
            d => new LimitReqZone(d.Name, d.Size, d.Key, SyncOf(d, sources, context)),
            (running, d) => running.Sync?.Definition == SyncOf(d, sources, context)?.Definition))
            zones.ByName[definition.Name] = new LimitReqZoneConfig(zone, key, definition.Rate);
        context.Features.Set(zones);
    }

    /// <summary>
    /// A <c>sync</c> / <c>sync=NAME</c> zone's sharing through the etcd of its <c>kv_source</c> (the http block's only
    /// one, or the one named), not started: the process starts it when the model serves.
    /// </summary>
    private static LimitReqZoneSync? SyncOf(LimitZoneParameters definition, List<KvSourceSettings> sources, CompileContext context)
    {
        if (definition.Sync is not { } wanted) return null;
        var source = wanted.Length > 0 ? sources.FirstOrDefault(s => s.Name == wanted) : sources.Count == 1 ? sources[0] : null;
        // No such source: check said why (DynamicChecks.SyncSource).
        return source is null ? null : new LimitReqZoneSync(source.Endpoints, definition.Rate, context.Cycle.Dynamic.Log);
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var statements = location.Scope.NearestAll(LimitReqDirectives.LimitReq);
        var zones = context.Features.Get<LimitReqZones>();
        if (statements.Count == 0 || zones is null) return;
        var limits = new List<LimitReqRule>();
        foreach (var statement in statements)
        {
            var parsed = LimitReqParameters.Parse([.. statement.Args.Select(a => a.Value)]);
            if (parsed.Ok && zones.ByName.TryGetValue(parsed.Value!.Zone, out var zone))
                limits.Add(new LimitReqRule(zone, parsed.Value.Burst, parsed.Value.Delay));
        }
        var scope = location.Scope;
        var limitLevel = LogLevels.Parse(scope.Get(LimitReqDirectives.LogLevel, context)) ?? LogLevel.Error;
        location.PreAccessHandlers.Add(new LimitReqHandler([.. limits], new LimitReqSettings(
            (int)scope.Get(LimitReqDirectives.Status, context),
            limitLevel,
            // ngx_http_limit_req_merge_conf: delays are logged a level below refusals (info stays info).
            limitLevel == LogLevel.Info ? LogLevel.Info : limitLevel + 1,
            scope.Get(LimitReqDirectives.DryRun, context))));
    }

    /// <summary>This model's zones by name.</summary>
    private sealed class LimitReqZones
    {
        public Dictionary<string, LimitReqZoneConfig> ByName { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>A zone as this model declares it (ngx_http_limit_req_ctx_t): its memory, key and rate (thousandths of a request per second).</summary>
public sealed record LimitReqZoneConfig(LimitReqZone Zone, ComplexValue Key, long Rate);

/// <summary>One <c>limit_req</c> (ngx_http_limit_req_limit_t): burst and delay in thousandths of a request.</summary>
public sealed record LimitReqRule(LimitReqZoneConfig Zone, long Burst, long Delay);

/// <summary>A location's <c>limit_req_status</c>, log levels and <c>limit_req_dry_run</c>.</summary>
public sealed record LimitReqSettings(int Status, LogLevel LimitLevel, LogLevel DelayLevel, bool DryRun);
