using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Upstream;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Health;

/// <summary>
/// NGINX Plus's <c>ngx_http_upstream_hc_module</c>: compiles <c>match</c> blocks and each location's
/// <c>health_check</c> into the model's <see cref="HealthCheckPlan"/>. The directive table's checks
/// (<c>HealthCheckChecks</c>) already refused what cannot be checked; what remains here is building.
/// </summary>
public sealed class HealthModule : IHttpModule
{
    public string Name => "ngx_http_upstream_hc_module";

    public void CompileHttp(DirectiveScope http, CompileContext context)
    {
        var matches = new Dictionary<string, HealthMatch>(StringComparer.Ordinal);
        foreach (var block in http.Own(UpstreamHealthCheckDirectives.Match))
        {
            if (block.Args.Count != 1 || block.Block is null) continue;
            matches.TryAdd(block.Args[0].Value, HealthMatch.Parse(block.Args[0].Value, block.Block).Match);
        }
        context.Features.Set(new MatchBlocks(matches));
        context.Features.Set(new HealthCheckPlan());
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        if (location.Kind == LocationKind.If) return;
        var directives = location.Scope.Own(UpstreamHealthCheckDirectives.HealthCheck).ToList();
        if (directives.Count == 0) return;
        if (location.Scope.OwnFirst(ProxyDirectives.Pass) is not { Args.Count: 1 } proxyPass) return;
        var target = ProxyPassTarget.Parse(proxyPass.Args[0].Value).Value;
        if (target is not { HasVariables: false, Address: { IsUnix: false, Port: null } address }) return;
        var upstream = context.Features.Get<UpstreamRegistry>()?.Find(address.Host);
        // kv_servers / "server ... resolve" groups change their peers while running: not checked (HealthCheckChecks warns).
        if (upstream is null) return;
        // The location's proxy timeouts (nginx's ngx_http_upstream_conf_t), read through the proxy module's keys.
        var connectTimeout = location.Scope.Get(ProxyDirectives.ConnectTimeout, context);
        var readTimeout = location.Scope.Get(ProxyDirectives.ReadTimeout, context);
        var headers = location.Scope.NearestAll(ProxyDirectives.SetHeader)
            .Where(d => d.Args.Count == 2 && !d.Args[1].Value.Contains('$') && d.Args[1].Value.Length > 0)
            .Select(d => (d.Args[0].Value, d.Args[1].Value)).ToList();
        var matches = context.Features.Get<MatchBlocks>()!;
        var plan = context.Features.Get<HealthCheckPlan>()!;
        foreach (var directive in directives)
        {
            if (HealthCheckParameters.Parse([.. directive.Args.Select(a => a.Value)]).Value is not { } parameters) continue;
            var match = parameters.Match is { } name ? matches.Blocks.GetValueOrDefault(name) : null;
            plan.Add(new HealthCheckDefinition(upstream, parameters, match, connectTimeout, readTimeout, directive.Position)
            {
                Headers = headers,
            });
        }
    }

    /// <summary>The http level's <c>match</c> blocks by name.</summary>
    private sealed record MatchBlocks(IReadOnlyDictionary<string, HealthMatch> Blocks);
}
