using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_grpc_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class GrpcDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Pass = new("grpc_pass");
    public static readonly DirectiveKey<TimeSpan> ConnectTimeout = DirectiveKey.Time("grpc_connect_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<TimeSpan> ReadTimeout = DirectiveKey.Time("grpc_read_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<bool> InterceptErrors = DirectiveKey.Flag("grpc_intercept_errors", false);
    public static readonly DirectiveKey NextUpstream = new("grpc_next_upstream");
    public static readonly DirectiveKey<long> NextUpstreamTries = DirectiveKey.Number("grpc_next_upstream_tries", 0);
    public static readonly DirectiveKey<TimeSpan> NextUpstreamTimeout = DirectiveKey.Time("grpc_next_upstream_timeout", TimeSpan.Zero);
    public static readonly DirectiveKey SetHeader = new("grpc_set_header");
    public static readonly DirectiveKey PassHeader = new("grpc_pass_header");
    public static readonly DirectiveKey HideHeader = new("grpc_hide_header");
    public static readonly DirectiveKey<bool> SslVerify = DirectiveKey.Flag("grpc_ssl_verify", false);
    public static readonly DirectiveKey SslTrustedCertificate = new("grpc_ssl_trusted_certificate");
    public static readonly DirectiveKey SslCertificate = new("grpc_ssl_certificate");
    public static readonly DirectiveKey SslCertificateKey = new("grpc_ssl_certificate_key");
    public static readonly DirectiveKey SslPasswordFile = new("grpc_ssl_password_file");
    public static readonly DirectiveKey SslName = new("grpc_ssl_name");
    public static readonly DirectiveKey<bool> SslServerName = DirectiveKey.Flag("grpc_ssl_server_name", false);
    public static readonly DirectiveKey SslCiphers = new("grpc_ssl_ciphers");
    public static readonly DirectiveKey SslProtocols = new("grpc_ssl_protocols");
    public static readonly DirectiveKey SslVerifyDepth = new("grpc_ssl_verify_depth");

    public string Name => "ngx_http_grpc_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("grpc_bind", Ignored) { Note = "peer connections leave from the address the system picks (as proxy_bind)" },
        new("grpc_buffer_size", Ignored) { Value = ValueKind.Size, Note = "the response head is read by .NET's HTTP/2 client, whose limit is its own" },
        new(ConnectTimeout, Implemented) { Value = ValueKind.Time },
        new(HideHeader, Implemented),
        new("grpc_ignore_headers", Ignored) { Value = ValueKind.ChoiceList, Choices = UpstreamCacheKeys.IgnoreHeaderChoices, Note = "gRPC responses are not cached and a gRPC peer's X-Accel-* headers are not acted on: there is nothing for it to turn off" },
        new(InterceptErrors, Implemented) { Value = ValueKind.Flag },
        new(NextUpstream, Implemented) { Value = ValueKind.ChoiceList, Choices = ["error", "timeout", "invalid_header", "non_idempotent", "http_500", "http_502", "http_503", "http_504", "http_403", "http_404", "http_429", "off"] },
        new(NextUpstreamTimeout, Implemented) { Value = ValueKind.Time },
        new(NextUpstreamTries, Implemented) { Value = ValueKind.Number },
        new(Pass, Implemented) { Check = ProxyChecks.OtherPass },
        new(PassHeader, Implemented),
        new(ReadTimeout, Implemented) { Value = ValueKind.Time },
        new("grpc_send_timeout", Ignored) { Value = ValueKind.Time, Note = "the request is sent upstream without a timeout of its own (.NET's HttpClient has none)" },
        new(SetHeader, Implemented),
        new("grpc_socket_keepalive", Ignored) { Value = ValueKind.Flag },
        new(SslCertificate, Implemented) { Check = SslChecks.Certificate },
        new(SslCertificateKey, Implemented) { Check = SslChecks.CertificateKey },
        new(SslCiphers, Implemented) { Check = SslChecks.Ciphers },
        new("grpc_ssl_conf_command", Refused) { Note = "OpenSSL configuration commands are not applied: the TLS policy they set would not hold" },
        new("grpc_ssl_crl", Refused) { Note = "upstream certificates are not checked against a CRL yet: a revoked one would be trusted" },
        new(SslName, Implemented),
        new(SslPasswordFile, Implemented),
        new(SslProtocols, Implemented) { Value = ValueKind.ChoiceList, Choices = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"], Check = SslChecks.Protocols },
        new(SslServerName, Implemented) { Value = ValueKind.Flag },
        new("grpc_ssl_session_reuse", Ignored) { Value = ValueKind.Flag },
        new(SslTrustedCertificate, Implemented) { Check = SslChecks.Authorities },
        new(SslVerify, Implemented) { Value = ValueKind.Flag },
        new(SslVerifyDepth, Implemented) { Value = ValueKind.Number },
    ];
}
