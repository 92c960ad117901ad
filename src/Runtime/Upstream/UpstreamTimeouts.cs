using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// The timeouts of a connection to a peer, as nginx keeps them in the location's
/// <c>ngx_http_upstream_conf_t</c>: the proxy module reads them for its requests and the health
/// checks of the same location for their probes.
/// </summary>
public static class UpstreamTimeouts
{
    /// <summary><c>proxy_connect_timeout</c>, default 60s.</summary>
    public static TimeSpan Connect(DirectiveScope scope, CompileContext context) =>
        ConfigValues.Time(scope, "proxy_connect_timeout", TimeSpan.FromSeconds(60), context);

    /// <summary><c>proxy_read_timeout</c>, default 60s.</summary>
    public static TimeSpan Read(DirectiveScope scope, CompileContext context) =>
        ConfigValues.Time(scope, "proxy_read_timeout", TimeSpan.FromSeconds(60), context);
}
