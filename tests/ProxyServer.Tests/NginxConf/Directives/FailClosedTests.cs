using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>
/// Fail closed: a directive we do not carry out is an error where serving without it could expose or lose
/// something, and a warning (once per name) where it cannot matter to a client.
/// </summary>
public sealed class FailClosedTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("failclosed-");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    /// <summary>
    /// What restricts who gets what, keeps what would be lost, or stands between a location and its files
    /// (issue 14's list): never <see cref="DirectiveSupport.Ignored"/>. Each is enforced or refused.
    /// </summary>
    public static TheoryData<string> NeverIgnored => new()
    {
        "allow", "deny", "auth_basic", "auth_basic_user_file", "auth_request", "auth_request_set", "satisfy",
        "limit_except", "limit_req", "limit_conn", "valid_referers", "secure_link", "secure_link_md5",
        "secure_link_secret", "ssl_verify_client", "ssl_crl", "ssl_ocsp", "internal", "disable_symlinks",
        "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass", "mirror", "proxy_store",
        "ssi", "sub_filter", "proxy_set_body", "proxy_cookie_flags", "geo", "ssl",
        "BasicRule", "MainRule", "CheckRule", "DeniedUrl", "SecRulesEnabled",
    };

    [Theory]
    [MemberData(nameof(NeverIgnored))]
    public void ProtectingDirective_IsEnforcedOrRefused(string name)
    {
        var specs = DirectiveTable.Default.Lookup(name);
        Assert.NotEmpty(specs);
        Assert.All(specs, spec => Assert.NotEqual(DirectiveSupport.Ignored, spec.Support));
    }

    [Fact]
    public void EveryRefusedDirective_SaysWhatIsMissing()
    {
        var refused = DirectiveTable.Default.All.Where(s => s.Support == DirectiveSupport.Refused).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, spec => Assert.False(string.IsNullOrWhiteSpace(spec.Note), $"{spec.Name} is refused without a note"));
    }

    [Fact]
    public void RefusedDirective_IsAnError_AtEveryUse_WithTheReason()
    {
        var result = Check("server {\n  listen 127.0.0.1:8080;\n  location /admin {\n    proxy_ssl_crl x;\n  }\n  location /b { proxy_ssl_crl x; fastcgi_store on; }\n}\n");
        Assert.False(result.Ok);
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.Equal([("unsupported directive \"proxy_ssl_crl\"", 6), ("unsupported directive \"proxy_ssl_crl\"", 8), ("unsupported directive \"fastcgi_store\"", 8)],
            errors.Select(e => (e.Message, e.Position.Line)));
        Assert.Contains("not checked against a CRL yet", errors[0].Note);
        // nginx's one-line form (error log, -t) carries the reason too.
        Assert.EndsWith($"nginx.conf:6 (upstream certificates are not checked against a CRL yet: a revoked one would be trusted)", errors[0].NginxText);
    }

    /// <summary>allow/deny, auth_basic, auth_request, satisfy and mirror are enforced (Runtime/Access, AuthBasic, AuthRequest, Mirror): accepted.</summary>
    [Theory]
    [InlineData("location / { deny all; }")]
    [InlineData("location / { allow 127.0.0.1; deny all; auth_basic \"admin\"; auth_basic_user_file /etc/htpasswd; satisfy any; }")]
    [InlineData("location / { limit_except GET { deny all; } }")]
    [InlineData("location / { auth_request /auth; auth_request_set $u $upstream_http_x_user; } location = /auth { return 204; }")]
    [InlineData("location / { mirror /m; mirror_request_body off; } location /m { internal; return 204; }")]
    public void AccessControl_IsAccepted(string body) =>
        Assert.True(Check($"server {{ listen 127.0.0.1:8080; {body} }}\n").Ok);

    [Theory]
    [InlineData("location / { auth_basic off; }")]
    [InlineData("location / { satisfy all; }")]
    [InlineData("location / { ssi off; proxy_store off; mirror off; }")]
    [InlineData("location / { disable_symlinks off; }")]
    public void InertValue_AsksForNothing_IsAccepted(string body) =>
        Assert.True(Check($"server {{ listen 127.0.0.1:8080; {body} }}\n").Ok);

    [Theory]
    [InlineData("location / { grpc_pass grpc://127.0.0.1:50051; grpc_ssl_crl x; }", "grpc_ssl_crl")]
    [InlineData("location / { proxy_ssl_crl x; }", "proxy_ssl_crl")]
    public void Refused_IsAnError(string body, string name)
    {
        var result = Check($"limit_req_zone $binary_remote_addr zone=one:10m rate=1r/s;\nserver {{ listen 127.0.0.1:8080; {body} }}\n");
        Assert.False(result.Ok);
        Assert.Contains(result.Diagnostics, d => d is { Severity: Severity.Error } && d.Message == $"unsupported directive \"{name}\"");
    }

    [Fact]
    public void Ignored_IsOneWarningPerName_WithTheReason()
    {
        var result = Check("sendfile on;\ntcp_nopush on;\nhttp2_idle_timeout 5s;\nserver { listen 127.0.0.1:8080; sendfile off; location / { http2_chunk_size 8k; } }\n");
        Assert.True(result.Ok);
        var warnings = result.Diagnostics.Where(d => d.Severity == Severity.Warning).Select(d => d.Message).ToList();
        Assert.Equal(1, warnings.Count(w => w == "\"sendfile\" directive is ignored by proxyserver"));
        Assert.Contains("\"tcp_nopush\" directive is ignored by proxyserver", warnings);
        // http2_idle_timeout and http2_chunk_size share one reason: one warning says it.
        Assert.Single(result.Diagnostics, d => d.Note == "HTTP/2 settings are Kestrel's");
    }

    private CheckResult Check(string httpBody)
    {
        var path = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(path, $"events {{}}\nhttp {{\n{httpBody}}}\n");
        return ConfigCheck.Run(path, new CheckOptions { Validation = new ValidationOptions { Analyze = false } });
    }
}
