using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_ssl_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class SslDirectives : IDirectiveModule
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
    public static readonly DirectiveKey PasswordFile = new("ssl_password_file");

    public string Name => "ngx_http_ssl_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("ssl", Refused) { Value = ValueKind.Flag, Note = "the obsolete \"ssl on\" is not served: use \"listen ... ssl\"; without it the server would answer in clear text" },
        new("ssl_buffer_size", Ignored) { Value = ValueKind.Size },
        new(Certificate, Implemented) { Check = SslChecks.Certificate },
        new(CertificateKey, Implemented) { Check = SslChecks.CertificateKey },
        new(Ciphers, Implemented) { Check = SslChecks.Ciphers },
        new(ClientCertificate, Implemented) { Check = SslChecks.Authorities },
        new("ssl_conf_command", Refused) { Note = "OpenSSL configuration commands are not applied: the TLS policy they set would not hold" },
        new("ssl_crl", Refused) { Note = "client certificates are not checked against a CRL yet: revoked ones would be accepted" },
        new("ssl_dhparam", Ignored),
        new("ssl_early_data", Ignored) { Value = ValueKind.Flag, Note = "not served by proxyserver's TLS" },
        new("ssl_ecdh_curve", Ignored) { Note = "the key exchange curves are OpenSSL's defaults" },
        new("ssl_ocsp", Refused) { Note = "client certificates are not checked by OCSP yet: revoked ones would be accepted" },
        new("ssl_ocsp_cache", Ignored) { Note = "not served by proxyserver's TLS" },
        new("ssl_ocsp_responder", Ignored) { Note = "not served by proxyserver's TLS" },
        new(PasswordFile, Implemented),
        new(PreferServerCiphers, Implemented) { Value = ValueKind.Flag },
        new(Protocols, Implemented) { Value = ValueKind.ChoiceList, Choices = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"], Check = SslChecks.Protocols },
        new("ssl_reject_handshake", Refused) { Value = ValueKind.Flag, Note = "handshakes are not rejected yet: the server would answer with its certificate" },
        new("ssl_session_cache", Ignored) { Note = "TLS sessions are cached by OpenSSL per process; size and sharing follow .NET" },
        new("ssl_session_ticket_key", Ignored) { Note = "not served by proxyserver's TLS" },
        new("ssl_session_tickets", Ignored) { Value = ValueKind.Flag },
        new("ssl_session_timeout", Ignored) { Value = ValueKind.Seconds, Note = "TLS sessions are cached by OpenSSL per process; size and sharing follow .NET" },
        new("ssl_stapling", Ignored) { Value = ValueKind.Flag, Note = "OCSP stapling is not done" },
        new("ssl_stapling_file", Ignored) { Note = "not served by proxyserver's TLS" },
        new("ssl_stapling_responder", Ignored) { Note = "not served by proxyserver's TLS" },
        new("ssl_stapling_verify", Ignored) { Value = ValueKind.Flag, Note = "OCSP stapling is not done" },
        new(TrustedCertificate, Implemented) { Check = SslChecks.Authorities },
        new(VerifyClient, Implemented) { Value = ValueKind.Choice, Choices = ["on", "off", "optional", "optional_no_ca"], Check = SslChecks.VerifyClient },
        new(VerifyDepth, Implemented) { Value = ValueKind.Number },
    ];
}
