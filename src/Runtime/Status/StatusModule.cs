using System.Globalization;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Status;

/// <summary>
/// ngx_http_stub_status_module (the <c>stub_status</c> content handler and the
/// <c>$connections_*</c> variables) and our operations endpoints.
/// </summary>
public sealed class StatusModule : IHttpModule
{
    public string Name => "ngx_http_stub_status_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        variables.Register("connections_active", r => Number(r.Model.Cycle.Connections.Active));
        variables.Register("connections_reading", r => Number(r.Model.Cycle.Connections.Reading));
        variables.Register("connections_writing", r => Number(r.Model.Cycle.Connections.Writing));
        variables.Register("connections_waiting", r => Number(r.Model.Cycle.Connections.Waiting));
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        // NGINX Plus's status_zone names the block's own counters; a nested location is counted under its own name.
        if (location.Scope.OwnFirst(StatusZoneDirectives.StatusZone) is { Args.Count: 1 } zone) location.Features.Set(new StatusZone(zone.Args[0].Value));

        // Like nginx, the handler belongs to the block that names it; nested locations do not inherit it.
        if (location.Scope.OwnFirst(StubStatusDirectives.StubStatus) is not null) location.Content = StubStatusHandler.Instance;
        else if (location.Scope.OwnFirst(OperationsDirectives.StatusApi) is not null) location.Content = StatusApiHandler.Instance;
        else if (location.Scope.OwnFirst(OperationsDirectives.PrometheusMetrics) is not null) location.Content = PrometheusMetricsHandler.Instance;
        else if (location.Scope.OwnFirst(OperationsDirectives.StatusDashboard) is not null) location.Content = StatusDashboardHandler.Instance;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
