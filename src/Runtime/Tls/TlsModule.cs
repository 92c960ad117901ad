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
        if (location.Kind == LocationKind.Server)
        {
            if (ServerTlsCompiler.Compile(location.Scope, context) is { } server) location.Features.Set(server);
            else if (ServerTlsCompiler.Verification(location.Scope, context) is var verify and not ClientVerification.Off)
                location.Features.Set(new CertificatelessVerifyClient(verify));
        }
        if (location.Content is not null && location.Scope.Nearest(ProxyDirectives.Pass) is { Args.Count: 1 } pass
            && (pass.Args[0].Value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || pass.Args[0].Value.Contains('$')))
            location.Features.Set(UpstreamTls.Compile(location.Scope, context));
    }

    /// <summary>
    /// ngx_http_ssl_init: every address a <c>listen ... ssl</c> names needs a certificate on its default server, which
    /// answers the handshakes no other server's name selects; the other servers may have none.
    /// </summary>
    public void CompleteAddresses(IReadOnlyList<Model.AddressConfig> addresses, CompileContext context)
    {
        // nginx stops at its first error: a certificate that failed to load is not also a missing one.
        if (context.HasErrors) return;
        var told = new HashSet<Model.VirtualServer>();
        foreach (var address in addresses)
            if (address.Ssl && address.DefaultServer.Root.Features.Get<ServerTls>() is null && told.Add(address.DefaultServer))
                context.Error("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive", address.DefaultServer.Position);
    }
}

/// <summary>
/// <c>ssl_verify_client</c> of a server with no certificate of its own: its handshakes are its address's default
/// server's, but nginx merges <c>verify</c> before ngx_http_ssl_merge_srv_conf returns for want of certificates, so
/// the request check still applies this server's mode (a missing required certificate is 400).
/// </summary>
public sealed record CertificatelessVerifyClient(ClientVerification Verify);
