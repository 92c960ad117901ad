using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.LimitConn;

/// <summary>
/// <c>ngx_http_limit_conn_module</c>: <c>limit_conn_zone</c> (http) declares a zone and its key;
/// <c>limit_conn ZONE N</c> (http, server, location; an array inherited whole) caps the requests in progress
/// per key in the preaccess phase, after limit_req; <c>limit_conn_status</c>, <c>limit_conn_log_level</c>,
/// <c>limit_conn_dry_run</c>, <c>$limit_conn_status</c>. A request counts from the phase until it ends
/// (nginx frees the count with the request's pool), so HTTP/2 streams count one each, as in nginx.
/// </summary>
public sealed class LimitConnModule : IHttpModule
{
    public string Name => "ngx_http_limit_conn_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context) =>
        variables.Register("limit_conn_status", r => r.Features.Get<LimitConnVerdict>()?.Text);

    public void CompileHttp(DirectiveScope http, CompileContext context)
    {
        var zones = new LimitConnZones();
        foreach (var (zone, key, definition) in KeyedZoneCompiler.Compile(http.Own(LimitConnDirectives.Zone), withRate: false,
            LimitChecks.LimitConnModule, "limit_conn_zone", context, d => new LimitConnZone(d.Name, d.Size, d.Key)))
            zones.ByName[definition.Name] = new LimitConnZoneConfig(zone, key);
        context.Features.Set(zones);
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var statements = location.Scope.NearestAll(LimitConnDirectives.LimitConn);
        var zones = context.Features.Get<LimitConnZones>();
        if (statements.Count == 0 || zones is null) return;
        var limits = new List<LimitConnRule>();
        foreach (var statement in statements)
        {
            if (statement.Args.Count != 2 || !zones.ByName.TryGetValue(statement.Args[0].Value, out var zone)) continue;
            if (LimitConnParameters.ParseLimit(statement.Args[1].Value) is { Ok: true, Value: var limit })
                limits.Add(new LimitConnRule(zone, limit));
        }
        var scope = location.Scope;
        location.PreAccessHandlers.Add(new LimitConnHandler([.. limits], new LimitConnSettings(
            (int)scope.Get(LimitConnDirectives.Status, context),
            LogLevels.Parse(scope.Get(LimitConnDirectives.LogLevel, context)) ?? LogLevel.Error,
            scope.Get(LimitConnDirectives.DryRun, context))));
    }

    /// <summary>This model's zones by name.</summary>
    private sealed class LimitConnZones
    {
        public Dictionary<string, LimitConnZoneConfig> ByName { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>A zone as this model declares it: its memory and key.</summary>
public sealed record LimitConnZoneConfig(LimitConnZone Zone, ComplexValue Key);

/// <summary>One <c>limit_conn ZONE N</c>.</summary>
public sealed record LimitConnRule(LimitConnZoneConfig Zone, int Limit);

/// <summary>A location's <c>limit_conn_status</c>, <c>limit_conn_log_level</c>, <c>limit_conn_dry_run</c>.</summary>
public sealed record LimitConnSettings(int Status, LogLevel LogLevel, bool DryRun);
