using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ProxyServer.NginxConf.Tls;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Tls.Upstream;

/// <summary>
/// A location's <c>proxy_ssl_*</c> settings for <c>proxy_pass https://</c>, with the HTTP client
/// that applies them (created on first use). nginx's defaults: no verification
/// (<c>proxy_ssl_verify off</c>), so a self-signed backend is accepted unless verification is on,
/// then the chain must end at <c>proxy_ssl_trusted_certificate</c> and the certificate must name
/// <c>proxy_ssl_name</c> (default: the proxied host).
/// </summary>
public sealed class UpstreamTls
{
    private readonly ConcurrentDictionary<TimeSpan, HttpMessageInvoker> _clients = new();

    public bool Verify { get; init; }
    public X509Certificate2Collection Trusted { get; init; } = [];
    public int VerifyDepth { get; init; } = 1;

    /// <summary><c>proxy_ssl_name</c> when it is a literal; null verifies against the name the connection was made for.</summary>
    public string? Name { get; init; }

    public X509Certificate2? ClientCertificate { get; init; }
    public SslProtocols Protocols { get; init; }
    public CipherSuitesPolicy? Ciphers { get; init; }

    /// <summary>The client for an https upstream of this location; null for http, which keeps the proxy's own client.</summary>
    public static HttpMessageInvoker? ClientFor(NginxRequest request, string scheme, TimeSpan connectTimeout) =>
        scheme == "https" && request.Location.Features.Get<UpstreamTls>() is { } tls ? tls._clients.GetOrAdd(connectTimeout, tls.CreateClient) : null;

    public static UpstreamTls Compile(DirectiveScope scope, CompileContext context)
    {
        var verify = ConfigValues.Flag(scope, "proxy_ssl_verify", false, context);
        var trusted = new X509Certificate2Collection();
        if (scope.Nearest("proxy_ssl_trusted_certificate") is { Args.Count: 1 } trustedDirective)
        {
            var (cas, error) = CertificateFiles.LoadAuthorities(ServerTlsCompiler.ConfPath(trustedDirective.Args[0].Value, scope, context));
            if (cas is null) context.Error(error!, trustedDirective.Position);
            else trusted = cas;
        }
        else if (verify)
        {
            context.Error("no proxy_ssl_trusted_certificate for proxy_ssl_verify", scope.Nearest("proxy_ssl_verify")!.Position);
        }

        X509Certificate2? client = null;
        if (scope.Nearest("proxy_ssl_certificate") is { Args.Count: 1 } certificate)
        {
            var certificatePath = ServerTlsCompiler.ConfPath(certificate.Args[0].Value, scope, context);
            if (scope.Nearest("proxy_ssl_certificate_key") is not { Args.Count: 1 } key)
            {
                context.Error($"no \"proxy_ssl_certificate_key\" is defined for certificate \"{certificatePath}\"", certificate.Position);
            }
            else
            {
                var (pair, error) = CertificateFiles.Load(certificatePath, ServerTlsCompiler.ConfPath(key.Args[0].Value, scope, context));
                if (pair is null) context.Error(error!, key.Position);
                else client = pair.Leaf;
            }
        }

        var name = scope.Nearest("proxy_ssl_name")?.Args[0].Value;
        return new UpstreamTls
        {
            Verify = verify,
            Trusted = trusted,
            VerifyDepth = ServerTlsCompiler.Depth(scope, "proxy_ssl_verify_depth", context),
            Name = name is null || name.Contains('$') ? null : name,
            ClientCertificate = client,
            Protocols = ServerTlsCompiler.Protocols(scope, "proxy_ssl_protocols", context),
            Ciphers = scope.Nearest("proxy_ssl_ciphers") is null ? null : ServerTlsCompiler.Ciphers(scope, "proxy_ssl_ciphers", context),
        };
    }

    private HttpMessageInvoker CreateClient(TimeSpan connectTimeout)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = Protocols,
            CipherSuitesPolicy = Ciphers,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (sender, certificate, chain, _) => Accepts(sender as SslStream, certificate, chain),
        };
        if (ClientCertificate is { } own)
        {
            ssl.ClientCertificates = [own];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => own;
        }
        var handler = Proxy.UpstreamClient.NewHandler(connectTimeout);
        handler.SslOptions = ssl;
        return new HttpMessageInvoker(handler);
    }

    /// <summary>proxy_ssl_verify: chain to the trusted CAs within the depth, and the name (X509_check_host).</summary>
    private bool Accepts(SslStream? stream, X509Certificate? presented, X509Chain? presentedChain)
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
        var name = Name ?? StripPort(stream?.TargetHostName ?? "");
        return name.Length > 0 && certificate.MatchesHostname(name);
    }

    private static string StripPort(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && !host.EndsWith(']') && host.IndexOf(':') == colon ? host[..colon] : host;
    }
}
