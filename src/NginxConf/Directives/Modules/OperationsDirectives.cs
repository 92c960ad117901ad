using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>Our operations endpoints (no nginx counterpart; NGINX Plus's api in spirit): content handlers without arguments.</summary>
public sealed class OperationsDirectives : IDirectiveModule
{
    public static readonly DirectiveKey StatusApi = new("status_api");
    public static readonly DirectiveKey PrometheusMetrics = new("prometheus_metrics");
    public static readonly DirectiveKey StatusDashboard = new("status_dashboard");

    public string Name => "proxyserver_operations_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new(StatusApi, Location, Arity.NoArgs, Implemented),
        new(PrometheusMetrics, Location, Arity.NoArgs, Implemented),
        new(StatusDashboard, Location, Arity.NoArgs, Implemented),
    ];
}
