using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_grpc_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class GrpcDirectives : IDirectiveModule
{
    public string Name => "ngx_http_grpc_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("grpc_bind", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_buffer_size", Ignored) { Value = ValueKind.Size, Note = "gRPC backends are not supported" },
        new("grpc_connect_timeout", Ignored) { Value = ValueKind.Time, Note = "gRPC backends are not supported" },
        new("grpc_hide_header", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ignore_headers", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_intercept_errors", Ignored) { Value = ValueKind.Flag, Note = "gRPC backends are not supported" },
        new("grpc_next_upstream", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_next_upstream_timeout", Ignored) { Value = ValueKind.Time, Note = "gRPC backends are not supported" },
        new("grpc_next_upstream_tries", Ignored) { Value = ValueKind.Number, Note = "gRPC backends are not supported" },
        new("grpc_pass", Refused) { Check = ProxyChecks.OtherPass, Note = "gRPC proxying is not served yet: the location would serve static files instead" },
        new("grpc_pass_header", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_read_timeout", Ignored) { Value = ValueKind.Time, Note = "gRPC backends are not supported" },
        new("grpc_send_timeout", Ignored) { Value = ValueKind.Time, Note = "gRPC backends are not supported" },
        new("grpc_set_header", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_socket_keepalive", Ignored) { Value = ValueKind.Flag, Note = "gRPC backends are not supported" },
        new("grpc_ssl_certificate", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_certificate_key", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_ciphers", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_conf_command", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_crl", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_name", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_password_file", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_protocols", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_server_name", Ignored) { Value = ValueKind.Flag, Note = "gRPC backends are not supported" },
        new("grpc_ssl_session_reuse", Ignored) { Value = ValueKind.Flag, Note = "gRPC backends are not supported" },
        new("grpc_ssl_trusted_certificate", Ignored) { Note = "gRPC backends are not supported" },
        new("grpc_ssl_verify", Ignored) { Value = ValueKind.Flag, Note = "gRPC backends are not supported" },
        new("grpc_ssl_verify_depth", Ignored) { Value = ValueKind.Number, Note = "gRPC backends are not supported" },
    ];
}
