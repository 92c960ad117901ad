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
        new("ssl", Http | Server, Arity.Flag, AcceptedIgnored) { Value = ValueKind.Flag, Note = "TLS is accepted but not served yet" },
        new("ssl_buffer_size", Http | Server, Arity.Take1, AcceptedIgnored) { Value = ValueKind.Size, Note = "TLS is accepted but not served yet" },
        new("ssl_certificate", Http | Server, Arity.Take1, AcceptedIgnored) { Repeatable = true, Note = "TLS is accepted but not served yet" },
        new("ssl_certificate_key", Http | Server, Arity.Take1, AcceptedIgnored) { Repeatable = true, Note = "TLS is accepted but not served yet" },
        new("ssl_ciphers", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_client_certificate", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_conf_command", Http | Server, Arity.Take2, AcceptedIgnored) { Repeatable = true, Note = "TLS is accepted but not served yet" },
        new("ssl_crl", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_dhparam", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_early_data", Http | Server, Arity.Flag, AcceptedIgnored) { Value = ValueKind.Flag, Note = "TLS is accepted but not served yet" },
        new("ssl_ecdh_curve", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_ocsp", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_ocsp_cache", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_ocsp_responder", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_password_file", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_prefer_server_ciphers", Http | Server, Arity.Flag, AcceptedIgnored) { Value = ValueKind.Flag, Note = "TLS is accepted but not served yet" },
        new("ssl_protocols", Http | Server, Arity.OneOrMore, AcceptedIgnored) { Repeatable = true, Value = ValueKind.ChoiceList, Choices = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"], Note = "TLS is accepted but not served yet" },
        new("ssl_reject_handshake", Http | Server, Arity.Flag, AcceptedIgnored) { Value = ValueKind.Flag, Note = "TLS is accepted but not served yet" },
        new("ssl_session_cache", Http | Server, Arity.Take1 | Arity.Take2, AcceptedIgnored) { Repeatable = true, Note = "TLS is accepted but not served yet" },
        new("ssl_session_ticket_key", Http | Server, Arity.Take1, AcceptedIgnored) { Repeatable = true, Note = "TLS is accepted but not served yet" },
        new("ssl_session_tickets", Http | Server, Arity.Flag, AcceptedIgnored) { Value = ValueKind.Flag, Note = "TLS is accepted but not served yet" },
        new("ssl_session_timeout", Http | Server, Arity.Take1, AcceptedIgnored) { Value = ValueKind.Seconds, Note = "TLS is accepted but not served yet" },
        new("ssl_stapling", Http | Server, Arity.Flag, AcceptedIgnored) { Value = ValueKind.Flag, Note = "TLS is accepted but not served yet" },
        new("ssl_stapling_file", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_stapling_responder", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_stapling_verify", Http | Server, Arity.Flag, AcceptedIgnored) { Value = ValueKind.Flag, Note = "TLS is accepted but not served yet" },
        new("ssl_trusted_certificate", Http | Server, Arity.Take1, AcceptedIgnored) { Note = "TLS is accepted but not served yet" },
        new("ssl_verify_client", Http | Server, Arity.Take1, AcceptedIgnored) { Value = ValueKind.Choice, Choices = ["on", "off", "optional", "optional_no_ca"], Note = "TLS is accepted but not served yet" },
        new("ssl_verify_depth", Http | Server, Arity.Take1, AcceptedIgnored) { Value = ValueKind.Number, Note = "TLS is accepted but not served yet" },
    ];
}
