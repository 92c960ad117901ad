using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Proxy;

/// <summary>The proxy settings the minimal forwarder honours (inheritance applied).</summary>
public sealed record ProxySettings(TimeSpan ConnectTimeout, TimeSpan ReadTimeout, bool Http11)
{
    public static ProxySettings Compile(DirectiveScope scope, CompileContext context) => new(
        ConfigValues.Time(scope, "proxy_connect_timeout", TimeSpan.FromSeconds(60), context),
        ConfigValues.Time(scope, "proxy_read_timeout", TimeSpan.FromSeconds(60), context),
        ConfigValues.Text(scope, "proxy_http_version") == "1.1");
}

/// <summary>Per-request proxy facts for <c>$proxy_host</c> / <c>$proxy_port</c>.</summary>
public sealed record ProxyRequestState(string ProxyHost, string ProxyPort);
