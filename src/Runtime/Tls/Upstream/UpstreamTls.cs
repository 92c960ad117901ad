using ProxyServer.NginxConf.Directives;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ProxyServer.NginxConf.Tls;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Tls.Upstream;

/// <summary>
/// A location's <c>proxy_ssl_*</c> settings for <c>proxy_pass https://</c>, with the HTTP clients
/// that apply them (created on first use). nginx's defaults: no verification
/// (<c>proxy_ssl_verify off</c>), so a self-signed backend is accepted unless verification is on,
/// then the chain must end at <c>proxy_ssl_trusted_certificate</c> and the certificate must name
/// <c>proxy_ssl_name</c> (default: the proxied host, <c>$proxy_host</c> without its port). SNI is
/// sent only with <c>proxy_ssl_server_name on</c> (nginx's default is off), and never for an IP address.
/// The handshake is ours (<see cref="Handshake"/>): .NET's handler would always send the Host header as SNI.
/// </summary>
public sealed class UpstreamTls
{
    /// <summary>Distinct (SNI, verified name) pairs that get their own connection pool; beyond, connections are shared.</summary>
    private const int MaxPools = 256;

    private static readonly HttpRequestOptionsKey<UpstreamTlsNames> NamesKey = new("proxyserver.upstream-tls-names");

    private readonly ConcurrentDictionary<(TimeSpan, UpstreamTlsNames?, Runtime.Upstream.UpstreamKeepalive?), HttpMessageInvoker> _clients = new();

    public bool Verify { get; init; }
    public X509Certificate2Collection Trusted { get; init; } = [];
    public int VerifyDepth { get; init; } = 1;

    /// <summary><c>proxy_ssl_name</c> (variables allowed), default <c>$proxy_host</c>; null for grpc's default, the peer's host as grpc_pass names it.</summary>
    public required ComplexValue? Name { get; init; }

    /// <summary><c>proxy_ssl_server_name</c>: send the name as SNI.</summary>
    public bool ServerName { get; init; }

    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The protocols offered by ALPN: none for proxy_pass (nginx offers none), h2 for grpcs.</summary>
    public List<SslApplicationProtocol>? ApplicationProtocols { get; init; }
    public SslProtocols Protocols { get; init; }
    public CipherSuitesPolicy? Ciphers { get; init; }

    /// <summary>
    /// The client for an https upstream of this location; null for http, which keeps the proxy's own client.
    /// Its connections are kept as the upstream's <c>keepalive</c> says (none: one request each).
    /// </summary>
    public static HttpMessageInvoker? ClientFor(NginxRequest request, string scheme, TimeSpan connectTimeout,
        Runtime.Upstream.UpstreamKeepalive? keepalive = null)
    {
        if (scheme != "https" || request.Location.Features.Get<UpstreamTls>() is not { } tls) return null;
        return new HttpMessageInvoker(new TlsOverPlainHandler(tls.Connections(request, "", connectTimeout, keepalive, out var names), names, NamesKey, toPlain: true),
            disposeHandler: false);
    }

    /// <summary>
    /// The client for a grpcs peer: the same handshake, with ALPN, under the request's own https URI (an HTTP/2 peer
    /// sees <c>:scheme https</c>, as nginx sends it).
    /// </summary>
    /// <param name="host">The name verified and sent without <c>grpc_ssl_name</c>: the host grpc_pass names.</param>
    public HttpMessageInvoker Http2ClientFor(NginxRequest request, string host, TimeSpan connectTimeout, Runtime.Upstream.UpstreamKeepalive? keepalive) =>
        new(new TlsOverPlainHandler(Connections(request, host, connectTimeout, keepalive, out var names), names, NamesKey, toPlain: false), disposeHandler: false);

    private HttpMessageInvoker Connections(NginxRequest request, string host, TimeSpan connectTimeout, Runtime.Upstream.UpstreamKeepalive? keepalive, out UpstreamTlsNames names)
    {
        names = NamesFor(request, host);
        var pool = _clients.Count < MaxPools || _clients.ContainsKey((connectTimeout, names, keepalive)) ? names : null;
        return _clients.GetOrAdd((connectTimeout, pool, keepalive), key => UpstreamClient.NewInvoker(key.Item1, HandshakeAsync, key.Item3));
    }

    /// <summary>ngx_http_upstream_ssl_name: the name without its port; SNI only when on and not an IP address.</summary>
    private UpstreamTlsNames NamesFor(NginxRequest request, string host)
    {
        var name = WithoutPort(Name?.Evaluate(request) ?? host);
        var sni = ServerName && name.Length > 0 && name[0] != '[' && !IPAddress.TryParse(name, out _) ? name : "";
        return new UpstreamTlsNames(sni, name);
    }

    public static UpstreamTls Compile(DirectiveScope scope, CompileContext context) => Compile(scope, context, UpstreamTlsKeys.Proxy);

    /// <summary>One module's <c>*_ssl_*</c> settings (proxy's, grpc's).</summary>
    public static UpstreamTls Compile(DirectiveScope scope, CompileContext context, UpstreamTlsKeys keys)
    {
        var verify = scope.Get(keys.Verify, context);
        var trusted = new X509Certificate2Collection();
        if (scope.Nearest(keys.TrustedCertificate) is { Args.Count: 1 } trustedDirective)
        {
            var (cas, error) = CertificateFiles.LoadAuthorities(ServerTlsCompiler.ConfPath(trustedDirective.Args[0].Value, scope, context));
            if (cas is null) context.Error(error!, trustedDirective.Position);
            else trusted = cas;
        }
        else if (verify)
        {
            context.Error($"no {keys.TrustedCertificate.Name} for {keys.Verify.Name}", scope.Nearest(keys.Verify)!.Position);
        }

        X509Certificate2? client = null;
        if (scope.Nearest(keys.Certificate) is { Args.Count: 1 } certificate)
        {
            var certificatePath = ServerTlsCompiler.ConfPath(certificate.Args[0].Value, scope, context);
            if (scope.Nearest(keys.CertificateKey) is not { Args.Count: 1 } key)
            {
                context.Error($"no \"{keys.CertificateKey.Name}\" is defined for certificate \"{certificatePath}\"", certificate.Position);
            }
            else
            {
                var passwords = ServerTlsCompiler.Passwords(scope, keys.PasswordFile, context);
                var (pair, error) = CertificateFiles.Load(certificatePath, ServerTlsCompiler.ConfPath(key.Args[0].Value, scope, context), passwords);
                if (pair is null) context.Error(error!, key.Position);
                else client = pair.Leaf;
            }
        }

        var name = scope.Nearest(keys.Name);
        return new UpstreamTls
        {
            Verify = verify,
            Trusted = trusted,
            VerifyDepth = ServerTlsCompiler.Depth(scope, keys.VerifyDepth, context),
            Name = (name?.Args[0].Value ?? keys.DefaultName) is { } text ? ComplexValue.Compile(text, context, name?.Position ?? default) : null,
            ServerName = scope.Get(keys.ServerName, context),
            ClientCertificate = client,
            Protocols = ServerTlsCompiler.Protocols(scope, keys.Protocols, context),
            Ciphers = scope.Nearest(keys.Ciphers) is null ? null : ServerTlsCompiler.Ciphers(scope, keys.Ciphers, context),
            ApplicationProtocols = keys.ApplicationProtocols,
        };
    }

    /// <summary>The TLS handshake on a new peer connection, with the names of the request that opened it.</summary>
    private async ValueTask<Stream> HandshakeAsync(Stream plain, SocketsHttpConnectionContext context, CancellationToken cancel)
    {
        var names = context.InitialRequestMessage.Options.TryGetValue(NamesKey, out var found) ? found : new UpstreamTlsNames("", "");
        var ssl = new SslStream(plain, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = names.ServerName,
            EnabledSslProtocols = Protocols,
            CipherSuitesPolicy = Ciphers,
            ApplicationProtocols = ApplicationProtocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) => Accepts(certificate, chain, names.VerifiedName),
        };
        if (ClientCertificate is { } own)
        {
            options.ClientCertificates = [own];
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => own;
        }
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancel);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
        return ssl;
    }

    /// <summary>proxy_ssl_verify: chain to the trusted CAs within the depth, and the name (X509_check_host).</summary>
    private bool Accepts(X509Certificate? presented, X509Chain? presentedChain, string name)
    {
        if (!Verify) return true;
        if (presented is null) return false;
        var certificate = presented as X509Certificate2 ?? new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
            foreach (var element in presentedChain.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (!chain.Build(certificate) || chain.ChainElements.Count - 1 > VerifyDepth) return false;
        return name.Length > 0 && certificate.MatchesHostname(name);
    }

    /// <summary>nginx strips a port from the name (it may come from <c>$proxy_host</c> or <c>$http_host</c>), after a bracketed IPv6 address.</summary>
    private static string WithoutPort(string name)
    {
        var from = name.StartsWith('[') && name.IndexOf(']') is var close and > 0 ? close : 0;
        var colon = name.IndexOf(':', from);
        return colon >= 0 ? name[..colon] : name;
    }
}

/// <summary>
/// The <c>*_ssl_*</c> directives of one module (proxy's, grpc's) as keys of its table, with the name verified and sent
/// when <c>*_ssl_name</c> is not given and the protocols offered by ALPN.
/// </summary>
public sealed record UpstreamTlsKeys(
    DirectiveKey<bool> Verify,
    DirectiveKey TrustedCertificate,
    DirectiveKey Certificate,
    DirectiveKey CertificateKey,
    DirectiveKey PasswordFile,
    DirectiveKey Name,
    DirectiveKey VerifyDepth,
    DirectiveKey<bool> ServerName,
    DirectiveKey Protocols,
    DirectiveKey Ciphers,
    string? DefaultName,
    List<SslApplicationProtocol>? ApplicationProtocols = null)
{
    public static readonly UpstreamTlsKeys Proxy = new(ProxyDirectives.SslVerify, ProxyDirectives.SslTrustedCertificate,
        ProxyDirectives.SslCertificate, ProxyDirectives.SslCertificateKey, ProxyDirectives.SslPasswordFile, ProxyDirectives.SslName,
        ProxyDirectives.SslVerifyDepth, ProxyDirectives.SslServerName, ProxyDirectives.SslProtocols, ProxyDirectives.SslCiphers, "$proxy_host");
}
