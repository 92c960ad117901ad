using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Tls.Upstream;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// ngx_http_ssl_module (and the proxy's <c>proxy_ssl_*</c>): each server's TLS settings for the
/// handshake (<see cref="TlsListener"/>), the <c>$ssl_*</c> variables, and per-location upstream
/// TLS for <c>proxy_pass https://</c>. Runs after the modules that set content handlers, so it sees which locations proxy.
/// </summary>
public sealed class TlsModule : IHttpModule
{
    public string Name => "ngx_http_ssl_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context) => TlsVariables.Register(variables);

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        if (location.Kind == LocationKind.Server && ServerTlsCompiler.Compile(location.Scope, context) is { } server)
            location.Features.Set(server);
        if (location.Content is not null && location.Scope.Nearest(ProxyDirectives.Pass) is { Args.Count: 1 } pass
            && (pass.Args[0].Value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || pass.Args[0].Value.Contains('$')))
            location.Features.Set(UpstreamTls.Compile(location.Scope, context));
    }
}
