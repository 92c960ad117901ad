using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_ssl_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class SslModule : IDirectiveModule
{
    public string Name => "ngx_http_ssl_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("ssl", Http | Server, Arity.Flag, Refused) { Value = ValueKind.Flag, Note = "the obsolete \"ssl on\" is not served: use \"listen ... ssl\"; without it the server would answer in clear text" },
        new("ssl_buffer_size", Http | Server, Arity.Take1, Ignored) { Value = ValueKind.Size },
        new("ssl_certificate", Http | Server, Arity.Take1, Implemented) { Repeatable = true, Check = SslChecks.Certificate },
        new("ssl_certificate_key", Http | Server, Arity.Take1, Implemented) { Repeatable = true, Check = SslChecks.CertificateKey },
        new("ssl_ciphers", Http | Server, Arity.Take1, Implemented) { Check = SslChecks.Ciphers },
        new("ssl_client_certificate", Http | Server, Arity.Take1, Implemented) { Check = SslChecks.Authorities },
        new("ssl_conf_command", Http | Server, Arity.Take2, Refused) { Repeatable = true, Note = "OpenSSL configuration commands are not applied: the TLS policy they set would not hold" },
        new("ssl_crl", Http | Server, Arity.Take1, Refused) { Note = "client certificates are not checked against a CRL yet: revoked ones would be accepted" },
        new("ssl_dhparam", Http | Server, Arity.Take1, Ignored),
        new("ssl_early_data", Http | Server, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "not served by proxyserver's TLS" },
        new("ssl_ecdh_curve", Http | Server, Arity.Take1, Ignored) { Note = "the key exchange curves are OpenSSL's defaults" },
        new("ssl_ocsp", Http | Server, Arity.Take1, Refused) { Note = "client certificates are not checked by OCSP yet: revoked ones would be accepted" },
        new("ssl_ocsp_cache", Http | Server, Arity.Take1, Ignored) { Note = "not served by proxyserver's TLS" },
        new("ssl_ocsp_responder", Http | Server, Arity.Take1, Ignored) { Note = "not served by proxyserver's TLS" },
        new("ssl_password_file", Http | Server, Arity.Take1, Refused) { Note = "encrypted private keys are not read yet: the certificate it unlocks could not be served" },
        new("ssl_prefer_server_ciphers", Http | Server, Arity.Flag, Implemented) { Value = ValueKind.Flag },
        new("ssl_protocols", Http | Server, Arity.OneOrMore, Implemented) { Repeatable = true, Value = ValueKind.ChoiceList, Choices = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"], Check = SslChecks.Protocols },
        new("ssl_reject_handshake", Http | Server, Arity.Flag, Refused) { Value = ValueKind.Flag, Note = "handshakes are not rejected yet: the server would answer with its certificate" },
        new("ssl_session_cache", Http | Server, Arity.Take1 | Arity.Take2, Ignored) { Repeatable = true, Note = "TLS sessions are cached by OpenSSL per process; size and sharing follow .NET" },
        new("ssl_session_ticket_key", Http | Server, Arity.Take1, Ignored) { Repeatable = true, Note = "not served by proxyserver's TLS" },
        new("ssl_session_tickets", Http | Server, Arity.Flag, Ignored) { Value = ValueKind.Flag },
        new("ssl_session_timeout", Http | Server, Arity.Take1, Ignored) { Value = ValueKind.Seconds, Note = "TLS sessions are cached by OpenSSL per process; size and sharing follow .NET" },
        new("ssl_stapling", Http | Server, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "OCSP stapling is not done" },
        new("ssl_stapling_file", Http | Server, Arity.Take1, Ignored) { Note = "not served by proxyserver's TLS" },
        new("ssl_stapling_responder", Http | Server, Arity.Take1, Ignored) { Note = "not served by proxyserver's TLS" },
        new("ssl_stapling_verify", Http | Server, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "OCSP stapling is not done" },
        new("ssl_trusted_certificate", Http | Server, Arity.Take1, Implemented) { Check = SslChecks.Authorities },
        new("ssl_verify_client", Http | Server, Arity.Take1, Implemented) { Value = ValueKind.Choice, Choices = ["on", "off", "optional", "optional_no_ca"], Check = SslChecks.VerifyClient },
        new("ssl_verify_depth", Http | Server, Arity.Take1, Implemented) { Value = ValueKind.Number },
    ];
}
