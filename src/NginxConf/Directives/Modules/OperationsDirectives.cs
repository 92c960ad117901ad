namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>proxyserver operations endpoints</c>'s directives the runtime reads.</summary>
public sealed partial class OperationsDirectives
{
    public static readonly DirectiveKey StatusApi = new("status_api");
    public static readonly DirectiveKey PrometheusMetrics = new("prometheus_metrics");
    public static readonly DirectiveKey StatusDashboard = new("status_dashboard");
}
