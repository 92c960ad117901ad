using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// <c>limit_req_zone</c>, <c>limit_req</c>, <c>limit_conn_zone</c>, <c>limit_conn</c> and upstream <c>zone</c>:
/// their parameters (ngx_http_limit_req_zone, ngx_http_limit_req, ngx_http_limit_conn_zone, ngx_http_limit_conn,
/// ngx_http_upstream_zone) and the shared memory zones they name, one namespace as ngx_shared_memory_add keeps it.
/// </summary>
public static class LimitChecks
{
    public const string LimitReqModule = "ngx_http_limit_req_module";
    public const string LimitConnModule = "ngx_http_limit_conn_module";
    public const string UpstreamModule = "ngx_http_upstream_module";

    public static void LimitReqZone(DirectiveUse use)
    {
        // The table lets a 4th argument through for sync; nginx (TAKE3) refuses any 4th.
        if (use.Args.Count == 4 && !use.Values.Any(v => v == "sync" || v.StartsWith("sync=", StringComparison.Ordinal)))
        {
            use.Error($"invalid number of arguments in \"{use.Name}\" directive");
            return;
        }
        Zone(use, withRate: true, LimitReqModule);
    }

    public static void LimitConnZone(DirectiveUse use) => Zone(use, withRate: false, LimitConnModule);

    private static void Zone(DirectiveUse use, bool withRate, string module)
    {
        var parsed = LimitZoneParameters.Parse(use.Name, [.. use.Values], withRate);
        if (!parsed.Ok)
        {
            use.Error(parsed.Error!, ArgumentIn(use, parsed.Error!));
            return;
        }
        var zone = parsed.Value!;
        if (zone.Sync is { } wanted) DynamicChecks.SyncSource(use, wanted);
        if (AddSharedZone(use, zone.Name, zone.Size, module) is not { } state) return;
        if (state.Key is { } bound)
        {
            use.Error($"{use.Name} \"{zone.Name}\" is already bound to key \"{bound}\"");
            return;
        }
        state.Key = zone.Key;
    }

    public static void LimitReq(DirectiveUse use)
    {
        var parsed = LimitReqParameters.Parse([.. use.Values]);
        if (!parsed.Ok)
        {
            use.Error(parsed.Error!, ArgumentIn(use, parsed.Error!));
            return;
        }
        if (AddSharedZone(use, parsed.Value!.Zone, 0, LimitReqModule) is null) return;
        if (use.Scope.SetOnce("limit_req zone " + parsed.Value.Zone, use.Directive) is not null)
            use.Error("\"limit_req\" directive is duplicate");
    }

    public static void LimitConn(DirectiveUse use)
    {
        var name = use.Args[0].Value;
        if (AddSharedZone(use, name, 0, LimitConnModule) is null) return;
        if (use.Scope.SetOnce("limit_conn zone " + name, use.Directive) is not null)
        {
            use.Error("\"limit_conn\" directive is duplicate");
            return;
        }
        var limit = LimitConnParameters.ParseLimit(use.Args[1].Value);
        if (!limit.Ok) use.Error(limit.Error!, use.Args[1]);
    }

    /// <summary><c>limit_req_status</c>, <c>limit_conn_status</c>: ngx_conf_check_num_bounds 400..599 (the number itself is the slot's).</summary>
    public static void Status(DirectiveUse use)
    {
        if (NginxNumber.TryParse(use.Args[0].Value, out var status) && status is < 400 or > 599)
            use.Error("value must be between 400 and 599", use.Args[0]);
    }

    /// <summary>ngx_http_set_complex_value_size_slot (<c>limit_rate</c>, <c>limit_rate_after</c>): a size, or a value with variables.</summary>
    public static void SizeWithVariables(DirectiveUse use)
    {
        var text = use.Args[0].Value;
        if (!text.Contains('$') && !NginxSize.TryParse(text, out _)) use.Error($"\"{use.Name}\" directive invalid value", use.Args[0]);
    }

    /// <summary>ngx_http_upstream_zone: <c>zone NAME [SIZE]</c>.</summary>
    public static void UpstreamZone(DirectiveUse use)
    {
        var name = use.Args[0].Value;
        if (name.Length == 0)
        {
            use.Error($"invalid zone name \"{name}\"", use.Args[0]);
            return;
        }
        long size = 0;
        if (use.Args.Count == 2)
        {
            if (!NginxSize.TryParse(use.Args[1].Value, out size))
            {
                use.Error($"invalid zone size \"{use.Args[1].Value}\"", use.Args[1]);
                return;
            }
            if (size < LimitZoneParameters.MinimumSize)
            {
                use.Error($"zone \"{name}\" is too small", use.Args[1]);
                return;
            }
        }
        AddSharedZone(use, name, size, UpstreamModule);
    }

    /// <summary>ngx_init_cycle: a zone only named by its users (no size) is an error.</summary>
    public static void Init(ConfigFacts facts, Action<Diagnostic> report)
    {
        foreach (var zone in facts.SharedZones.Values)
            if (zone.Size == 0) report(Diagnostic.Error($"zero size shared memory zone \"{zone.Name}\"", zone.FirstUse.Position));
    }

    /// <summary>ngx_shared_memory_add: the zone of that name, declared now or earlier by the same module with the same size.</summary>
    private static SharedZoneState? AddSharedZone(DirectiveUse use, string name, long size, string module)
    {
        if (!use.Facts.SharedZones.TryGetValue(name, out var state))
        {
            use.Facts.SharedZones[name] = new SharedZoneState(name, module, use.Directive) { Size = size };
            return use.Facts.SharedZones[name];
        }
        if (state.Module != module)
        {
            use.Error($"the shared memory zone \"{name}\" is already declared for a different use");
            return null;
        }
        if (state.Size == 0) state.Size = size;
        if (size != 0 && size != state.Size)
        {
            use.Error($"the size {size} of shared memory zone \"{name}\" conflicts with already declared size {state.Size}");
            return null;
        }
        return state;
    }

    /// <summary>The argument an error quotes (<c>invalid rate "rate=x"</c>), to point the caret at it.</summary>
    private static Syntax.ConfigArgument? ArgumentIn(DirectiveUse use, string error) =>
        use.Args.FirstOrDefault(a => a.Value.Length > 0 && error.Contains($"\"{a.Value}\"", StringComparison.Ordinal));
}
