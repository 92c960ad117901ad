using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_grpc_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class GrpcModule : IDirectiveModule
{
    public string Name => "ngx_http_grpc_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("grpc_bind", HttpAny, Arity.Take1 | Arity.Take2, Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_buffer_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "gRPC backends are not supported" },
        new("grpc_connect_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "gRPC backends are not supported" },
        new("grpc_hide_header", HttpAny, Arity.Take1, Ignored) { Repeatable = true, Note = "gRPC backends are not supported" },
        new("grpc_ignore_headers", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "gRPC backends are not supported" },
        new("grpc_intercept_errors", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "gRPC backends are not supported" },
        new("grpc_next_upstream", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "gRPC backends are not supported" },
        new("grpc_next_upstream_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "gRPC backends are not supported" },
        new("grpc_next_upstream_tries", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "gRPC backends are not supported" },
        new("grpc_pass", Location | IfInLocation, Arity.Take1, Refused) { Check = ProxyChecks.OtherPass, Note = "gRPC proxying is not served yet: the location would serve static files instead" },
        new("grpc_pass_header", HttpAny, Arity.Take1, Ignored) { Repeatable = true, Note = "gRPC backends are not supported" },
        new("grpc_read_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "gRPC backends are not supported" },
        new("grpc_send_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "gRPC backends are not supported" },
        new("grpc_set_header", HttpAny, Arity.Take2, Ignored) { Repeatable = true, Note = "gRPC backends are not supported" },
        new("grpc_socket_keepalive", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "gRPC backends are not supported" },
        new("grpc_ssl_certificate", HttpAny, Arity.Take1, Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_certificate_key", HttpAny, Arity.Take1, Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_ciphers", HttpAny, Arity.Take1, Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_conf_command", HttpAny, Arity.Take2, Ignored) { Repeatable = true, Note = "gRPC backends are not supported" },
        new("grpc_ssl_crl", HttpAny, Arity.Take1, Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_name", HttpAny, Arity.Take1, Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_password_file", HttpAny, Arity.Take1, Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_protocols", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "gRPC backends are not supported" },
        new("grpc_ssl_server_name", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "gRPC backends are not supported" },
        new("grpc_ssl_session_reuse", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "gRPC backends are not supported" },
        new("grpc_ssl_trusted_certificate", HttpAny, Arity.Take1, Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_verify", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "gRPC backends are not supported" },
        new("grpc_ssl_verify_depth", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "gRPC backends are not supported" },
    ];
}
