using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Access;

namespace ProxyServer.Tests.Runtime.AuthRequest;

/// <summary>
/// <c>auth_request</c> and <c>auth_request_set</c> against the real nginx, end to end: both sides ask the same
/// auth service (a third, real nginx, with auth_basic, fixed answers and one that reports what it was sent)
/// through <c>proxy_pass</c>, or answer the subrequest locally. Same status, body, <c>WWW-Authenticate</c>,
/// variables set from the subrequest, and error-log lines.
/// </summary>
public sealed class AuthRequestTests(AuthRequestTests.Servers servers) : IClassFixture<AuthRequestTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public string Root { get; } = TempDirectory.Create("auth-request-");

        public NginxInstance AuthService { get; }

        public DifferentialPair Pair { get; }

        public Servers()
        {
            File.WriteAllText(Path.Combine(Root, "page.txt"), "PROTECTED\n");
            File.WriteAllText(Path.Combine(Root, "htpasswd"), "alice:{PLAIN}secret\n");
            var authPort = FreePort.Next();
            AuthService = NginxInstance.StartHttp($$"""
                server {
                    listen 127.0.0.1:{{authPort}};
                    location = /ok { add_header X-User alice; add_header X-Role "admin"; return 204; }
                    location = /basic { auth_basic "restricted"; auth_basic_user_file {{Root}}/htpasswd; add_header X-User $remote_user; return 200 "ok"; }
                    location = /forbidden { return 403; }
                    location = /challenge {
                        add_header WWW-Authenticate 'Bearer realm="api"' always;
                        add_header WWW-Authenticate 'Basic realm="second"' always;
                        return 401;
                    }
                    location = /missing { return 404; }
                    location = /report {
                        add_header X-Got "$request_method $request_uri len=[$http_content_length] auth=[$http_authorization] x=[$http_x_test]";
                        return 204;
                    }
                }
                """, authPort);
            Pair = DifferentialPair.StartHttp($$$"""
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{{Root}}};
                    try_files /page.txt =404;
                    location /open { auth_request /auth/ok; }
                    location /basic { auth_request /auth/basic; }
                    location /forbidden { auth_request /auth/forbidden; }
                    location /challenge { auth_request /auth/challenge; }
                    location /missing { auth_request /auth/missing; }
                    location /down { auth_request /auth/down; }
                    location /off { auth_request /auth/forbidden; location /off/inner { auth_request off; } }
                    location /set {
                        auth_request /auth/basic;
                        auth_request_set $user $upstream_http_x_user;
                        auth_request_set $seen "$uri|$args|$is_args|$request_uri|$request_method|$upstream_status";
                        add_header X-User "[$user]" always;
                        add_header X-Seen "[$seen]" always;
                    }
                    location /set-args { auth_request /auth/ok; auth_request_set $args "from=$upstream_http_x_role"; return 200 "args=$args\n"; }
                    location /report { auth_request /auth/report; auth_request_set $got $upstream_http_x_got; add_header X-Got $got always; }
                    location /local/allow { auth_request /sub/204; }
                    location /local/static { auth_request /sub/page.txt; }
                    location /local/deny { auth_request /sub/401; }
                    location /local/not-found { auth_request /sub/nothing-here; }
                    location /local/header { auth_request /sub/401-header; }
                    location /local/rewrite { auth_request /sub/rewrite; }
                    location /local/internal { auth_request /sub/internal; }
                    location /local/access { auth_request /sub/denied-by-rule; }
                    location /local/close { auth_request /sub/close; }
                    location /local/error-page { auth_request /sub/401; error_page 401 = /fallback; }
                    location = /fallback { return 200 "fallback $uri\n"; }
                    location /any-allow { satisfy any; allow 127.0.0.1; deny all; auth_request /auth/forbidden; }
                    location /any-deny { satisfy any; deny all; auth_request /auth/ok; }
                    location /any-forbidden { satisfy any; deny all; auth_request /auth/forbidden; }
                    location /all-deny { deny all; auth_request /auth/ok; }
                    location /basic-and-auth { auth_basic "front"; auth_basic_user_file {{{Root}}}/htpasswd; auth_request /auth/challenge; }
                    location /any-basic { satisfy any; auth_basic "front"; auth_basic_user_file {{{Root}}}/htpasswd; auth_request /auth/challenge; }
                    location = /auth/ok { internal; proxy_pass http://127.0.0.1:{{{authPort}}}/ok; }
                    location = /auth/basic { proxy_pass http://127.0.0.1:{{{authPort}}}/basic; }
                    location = /auth/forbidden { proxy_pass http://127.0.0.1:{{{authPort}}}/forbidden; }
                    location = /auth/challenge { proxy_pass http://127.0.0.1:{{{authPort}}}/challenge; }
                    location = /auth/missing { proxy_pass http://127.0.0.1:{{{authPort}}}/missing; }
                    location = /auth/down { proxy_pass http://127.0.0.1:1/; }
                    location = /auth/report { proxy_pass http://127.0.0.1:{{{authPort}}}/report; proxy_set_header Content-Length ""; }
                    location /sub/ {
                        location = /sub/204 { return 204; }
                        location = /sub/401 { return 401; }
                        location = /sub/401-header { add_header WWW-Authenticate "Local" always; return 401; }
                        location = /sub/rewrite { rewrite ^ /sub/204 last; }
                        location = /sub/internal { internal; return 204; }
                        location = /sub/denied-by-rule { deny all; return 204; }
                        location = /sub/close { return 444; }
                        location = /sub/page.txt { alias {{{Root}}}/page.txt; }
                    }
                }
                """);
        }

        public void Dispose()
        {
            Pair.Dispose();
            AuthService.Dispose();
            TempDirectory.TryDelete(Root);
        }
    }

    private const string Alice = "Authorization: Basic YWxpY2U6c2VjcmV0\r\n";
    private const string Wrong = "Authorization: Basic YWxpY2U6d3Jvbmc=\r\n";

    private async Task AssertSameAsync(string target, string headers = "", string method = "GET", string body = "")
    {
        var request = $"{method} {target} HTTP/1.0\r\nHost: localhost\r\n{headers}" + (body.Length > 0 ? $"Content-Length: {body.Length}\r\n" : "") + "\r\n" + body;
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        Assert.Equal(DifferentialPair.Describe(nginx, [servers.Pair.NginxPort()]), DifferentialPair.Describe(ours, [servers.Pair.OurPort()]));
        foreach (var name in new[] { "WWW-Authenticate", "X-User", "X-Seen", "X-Got" })
            Assert.Equal(Values(nginx, name), Values(ours, name));
        await AccessLogLines.AssertSameAsync(servers.Pair, target);
    }

    private static string Values(RawResponse response, string name) =>
        string.Join(" | ", response.Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value));

    [Theory]
    [InlineData("/open/a", "")]
    [InlineData("/basic/none", "")]
    [InlineData("/basic/alice", Alice)]
    [InlineData("/basic/wrong", Wrong)]
    [InlineData("/forbidden/a", "")]
    [InlineData("/challenge/a", "")]
    [InlineData("/missing/a", "")]
    [InlineData("/down/a", "")]
    [InlineData("/off/a", "")]
    [InlineData("/off/inner/a", "")]
    public async Task ProxiedAuthService_SameAsNginx(string target, string headers) => await AssertSameAsync(target, headers);

    [Theory]
    [InlineData("/set/alice?x=1", Alice)]
    [InlineData("/set/nobody", "")]
    [InlineData("/set-args/a?orig=1", "")]
    public async Task AuthRequestSet_EvaluatesInTheSubrequest_SameAsNginx(string target, string headers) => await AssertSameAsync(target, headers);

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "0123456789")]
    [InlineData("HEAD", "")]
    public async Task Subrequest_CarriesTheClientsHeaders_NotItsBodyOrMethod(string method, string body) =>
        await AssertSameAsync("/report/x?y=1", Alice + "X-Test: carried\r\n", method, body);

    [Theory]
    [InlineData("/local/allow")]
    [InlineData("/local/static")]
    [InlineData("/local/deny")]
    [InlineData("/local/not-found")]
    [InlineData("/local/header")]
    [InlineData("/local/rewrite")]
    [InlineData("/local/internal")]
    [InlineData("/local/access")]
    [InlineData("/local/close")]
    [InlineData("/local/error-page")]
    [InlineData("/sub/internal")]
    public async Task LocalSubrequests_SameAsNginx(string target) => await AssertSameAsync(target);

    [Theory]
    [InlineData("/any-allow/a", "")]
    [InlineData("/any-deny/a", "")]
    [InlineData("/any-forbidden/a", "")]
    [InlineData("/all-deny/a", "")]
    [InlineData("/basic-and-auth/none", "")]
    [InlineData("/basic-and-auth/alice", Alice)]
    [InlineData("/any-basic/none", "")]
    [InlineData("/any-basic/alice", Alice)]
    [InlineData("/any-basic/wrong", Wrong)]
    public async Task Satisfy_CombinesAuthRequestWithAccessAndAuthBasic_SameAsNginx(string target, string headers) =>
        await AssertSameAsync(target, headers);
}
