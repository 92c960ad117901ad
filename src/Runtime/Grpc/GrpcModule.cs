using System.Net.Security;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Tls.Upstream;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Grpc;

/// <summary>
/// ngx_http_grpc_module: <c>grpc_pass [grpc://|grpcs://]address</c> (an upstream group, <c>host:port</c>,
/// <c>unix:</c>, or variables) becomes the location's content handler, which forwards the request as HTTP/2
/// (prior knowledge for grpc://, ALPN h2 for grpcs://) through the one attempt loop, with trailers both ways.
/// </summary>
public sealed class GrpcModule : IHttpModule
{
    /// <summary>ngx_http_grpc_module's <c>*_ssl_*</c> keys; the name verified defaults to the host grpc_pass names.</summary>
    private static readonly UpstreamTlsKeys TlsKeys = new(GrpcDirectives.SslVerify, GrpcDirectives.SslTrustedCertificate,
        GrpcDirectives.SslCertificate, GrpcDirectives.SslCertificateKey, GrpcDirectives.SslPasswordFile, GrpcDirectives.SslName,
        GrpcDirectives.SslVerifyDepth, GrpcDirectives.SslServerName, GrpcDirectives.SslProtocols, GrpcDirectives.SslCiphers,
        DefaultName: null, ApplicationProtocols: [SslApplicationProtocol.Http2]);

    public string Name => "ngx_http_grpc_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context) =>
        // ngx_http_grpc_internal_trailers_variable: "trailers" when the client's TE asks for them
        variables.Register("grpc_internal_trailers", r =>
            r.Http.Request.Headers.TE.ToString().Contains("trailers", StringComparison.OrdinalIgnoreCase) ? "trailers" : null);

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var directive = ProxyModule.PassOf(location, GrpcDirectives.Pass);
        if (directive is not { Args.Count: 1 }) return;
        var target = GrpcPassTarget.Parse(directive.Args[0].Value);
        var address = CgiPass.Compile(target.Address, directive.Position, context, target.Scheme);
        if (address is null) return;
        var settings = GrpcSettings.Compile(location.Scope, context);
        // the TLS settings are compiled for a variable target too: its evaluated scheme may ask for them
        var tls = target.Secure || target.HasVariables ? UpstreamTls.Compile(location.Scope, context, TlsKeys) : null;
        location.Content = new GrpcContentHandler(target, address, settings, tls);
        if (location.Kind is LocationKind.Prefix or LocationKind.PrefixNoRegex or LocationKind.Exact && location.Name.EndsWith('/'))
            location.AutoRedirect = true;
    }
}

/// <summary>
/// <c>grpc_pass</c>'s argument (ngx_http_grpc_pass, ngx_http_grpc_eval): <c>grpc://</c> or <c>grpcs://</c>
/// (either case) is dropped and says whether TLS is spoken; the rest is an address as fastcgi_pass takes it.
/// The peer's <c>:authority</c> is the address as written (<c>host:port</c>, or the upstream's name), <c>localhost</c>
/// for a unix socket.
/// </summary>
public sealed record GrpcPassTarget(string Scheme, string Address, bool HasVariables, bool SchemeWritten)
{
    public bool Secure => Scheme == "grpcs";

    /// <summary>:authority when grpc_set_header Host does not say otherwise.</summary>
    public string Authority => Address.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) ? "localhost" : Address;

    /// <summary>The host without a port: the name grpcs verifies when grpc_ssl_name does not say.</summary>
    public string Host => Authority.StartsWith('[') ? Authority[..(Authority.IndexOf(']') + 1)]
        : Authority.IndexOf(':') is var colon and >= 0 ? Authority[..colon] : Authority;

    public static GrpcPassTarget Parse(string text)
    {
        // ngx_http_grpc_eval wants more than the scheme ("grpc://" alone is an address)
        if (text.Length > 7 && text.StartsWith("grpc://", StringComparison.OrdinalIgnoreCase))
            return new("grpc", text[7..], text.Contains('$'), SchemeWritten: true);
        if (text.Length > 8 && text.StartsWith("grpcs://", StringComparison.OrdinalIgnoreCase))
            return new("grpcs", text[8..], text.Contains('$'), SchemeWritten: true);
        return new("grpc", text, text.Contains('$'), SchemeWritten: false);
    }

    /// <summary>This target for one request: its address evaluated, the scheme taken from it when none was written.</summary>
    public GrpcPassTarget Evaluated(string address) =>
        SchemeWritten ? this with { Address = address } : Parse(address) with { HasVariables = true };
}
