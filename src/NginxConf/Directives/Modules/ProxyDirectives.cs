namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_proxy_module</c>'s directives the runtime reads.</summary>
public sealed partial class ProxyDirectives
{
    public static readonly DirectiveKey Pass = new("proxy_pass");
    public static readonly DirectiveKey<TimeSpan> ConnectTimeout = DirectiveKey.Time("proxy_connect_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<TimeSpan> ReadTimeout = DirectiveKey.Time("proxy_read_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<string> HttpVersion = DirectiveKey.Text("proxy_http_version", "1.0");
    public static readonly DirectiveKey<bool> InterceptErrors = DirectiveKey.Flag("proxy_intercept_errors", false);
    public static readonly DirectiveKey Method = new("proxy_method");
    public static readonly DirectiveKey<bool> PassRequestHeaders = DirectiveKey.Flag("proxy_pass_request_headers", true);
    public static readonly DirectiveKey<bool> PassRequestBody = DirectiveKey.Flag("proxy_pass_request_body", true);
    public static readonly DirectiveKey NextUpstream = new("proxy_next_upstream");
    /// <summary>0: no limit.</summary>
    public static readonly DirectiveKey<long> NextUpstreamTries = DirectiveKey.Number("proxy_next_upstream_tries", 0);
    /// <summary>0: no limit.</summary>
    public static readonly DirectiveKey<TimeSpan> NextUpstreamTimeout = DirectiveKey.Time("proxy_next_upstream_timeout", TimeSpan.Zero);
    public static readonly DirectiveKey SetHeader = new("proxy_set_header");
    public static readonly DirectiveKey Redirect = new("proxy_redirect");
    public static readonly DirectiveKey PassHeader = new("proxy_pass_header");
    public static readonly DirectiveKey HideHeader = new("proxy_hide_header");
    public static readonly DirectiveKey<bool> SslVerify = DirectiveKey.Flag("proxy_ssl_verify", false);
    public static readonly DirectiveKey SslTrustedCertificate = new("proxy_ssl_trusted_certificate");
    public static readonly DirectiveKey SslCertificate = new("proxy_ssl_certificate");
    public static readonly DirectiveKey SslCertificateKey = new("proxy_ssl_certificate_key");
    public static readonly DirectiveKey SslName = new("proxy_ssl_name");
    public static readonly DirectiveKey<bool> SslServerName = DirectiveKey.Flag("proxy_ssl_server_name", false);
    public static readonly DirectiveKey SslCiphers = new("proxy_ssl_ciphers");
    public static readonly DirectiveKey SslProtocols = new("proxy_ssl_protocols");
    public static readonly DirectiveKey SslVerifyDepth = new("proxy_ssl_verify_depth");
}
