namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_ssl_module</c>'s directives the runtime reads.</summary>
public sealed partial class SslDirectives
{
    public static readonly DirectiveKey Certificate = new("ssl_certificate");
    public static readonly DirectiveKey CertificateKey = new("ssl_certificate_key");
    public static readonly DirectiveKey VerifyClient = new("ssl_verify_client");
    public static readonly DirectiveKey ClientCertificate = new("ssl_client_certificate");
    public static readonly DirectiveKey TrustedCertificate = new("ssl_trusted_certificate");
    public static readonly DirectiveKey<bool> PreferServerCiphers = DirectiveKey.Flag("ssl_prefer_server_ciphers", false);
    public static readonly DirectiveKey Protocols = new("ssl_protocols");
    public static readonly DirectiveKey Ciphers = new("ssl_ciphers");
    public static readonly DirectiveKey VerifyDepth = new("ssl_verify_depth");
}
