using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Rewrite;

/// <summary>
/// Details of redirects, error pages and rewritten URIs that the official suite's rewrite.t,
/// rewrite_if.t, http_error_page.t, http_absolute_redirect.t and proxy_implicit.t check, each
/// compared with the real nginx: a special response in an error page's location carries its own
/// status; a "return 3xx text" keeps its Location through error_page; a capture is escaped only
/// where it lands in arguments; "break" after a rewrite passes the rewritten URI on whole; "-x"
/// holds for a directory; the automatic trailing-slash redirect escapes the URI; a refused Host
/// still reaches error_page; a variable "host:port" names the implicit upstream of a proxy_pass.
/// </summary>
public sealed class RedirectDetailTests(RedirectDetailTests.Servers servers) : IClassFixture<RedirectDetailTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public string Root { get; } = CreateRoot();

        public DifferentialPair Pair { get; }

        public Servers() => Pair = DifferentialPair.StartHttp($$$"""
            server {
                listen 127.0.0.1:{{P0}};
                server_name localhost;
                root {{{Root}}};
                error_page 400 /return301;

                location /return301 { return 301 /redirected; }
                location /return200text { return 200 "text"; }
                location /error302return200text { error_page 302 /return200text; return 302 "text"; }
                location /error405directory { error_page 405 /directory; return 405; }
                location /error405return302 { error_page 405 /return302; return 405; }
                location /return302 { return 302 http://example.com/; }
                location /directory { }

                location /capture { rewrite ^(.*) $1?c=d; return 200 "uri:$uri args:$args\n"; }
                location /capturedup { rewrite ^(.*) $1?c=$1; return 200 "uri:$uri args:$args\n"; }
                location /captureredirect { rewrite ^(.*) http://example.com$1 redirect; }
                location /break {
                    rewrite ^ /stub/from-break;
                    break;
                    proxy_pass http://127.0.0.1:{{P1}}/replaced;
                }

                location /exec { if (-x $document_root/$arg_c) { return 204; } return 200 "no\n"; }
                location /not_exec { if (!-x $document_root/$arg_c) { return 204; } return 200 "no\n"; }

                location "/auto sp/" { proxy_pass http://127.0.0.1:{{P1}}; }
                location '/auto "#%<>?\^`{|}/' { proxy_pass http://127.0.0.1:{{P1}}; }

                location /implicit { proxy_pass http://localhost:{{P1}}/stub; }
                location /var { proxy_pass http://$arg_b/stub; }
            }
            server {
                listen 127.0.0.1:{{P1}};
                location / { return 200 "backend $uri\n"; }
            }
            """, portCount: 2);

        private static string CreateRoot()
        {
            var root = TempDirectory.Create("redirect-detail-");
            Directory.CreateDirectory(Path.Combine(root, "directory"));
            Directory.CreateDirectory(Path.Combine(root, "dir"));
            File.WriteAllText(Path.Combine(root, "file"), "plain file");
            File.SetUnixFileMode(Path.Combine(root, "file"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return root;
        }

        public void Dispose()
        {
            Pair.Dispose();
            TempDirectory.TryDelete(Root);
        }
    }

    [Theory]
    [InlineData("/error302return200text")]
    [InlineData("/error405directory")]
    [InlineData("/error405return302")]
    [InlineData("/capture/%25?a=b")]
    [InlineData("/capturedup/%25?a=b")]
    [InlineData("/capture/a+b?x=1")]
    [InlineData("/captureredirect/%25?a=b")]
    [InlineData("/break")]
    [InlineData("/exec?c=dir")]
    [InlineData("/exec?c=file")]
    [InlineData("/not_exec?c=dir")]
    [InlineData("/not_exec?c=file")]
    [InlineData("/auto%20sp")]
    [InlineData("/auto%20sp?a=b")]
    [InlineData("/auto%20%22%23%25%3C%3E%3F%5C%5E%60%7B%7C%7D")]
    [InlineData("/var?b=localhost:{{P1}}")]
    [InlineData("/var?b=127.0.0.1:{{P1}}")]
    public async Task SameAnswerAsNginx(string target)
    {
        await servers.Pair.AssertSameAsync($"GET {target} HTTP/1.0\r\nHost: localhost\r\n\r\n");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("a..b")]
    public async Task InvalidHost_ReachesErrorPage_WithTheLocalAddressInLocation(string host)
    {
        var ours = await servers.Pair.AssertSameAsync($"GET /x HTTP/1.0\r\nHost: {host}\r\n\r\n");
        Assert.Equal(301, ours.Status);
    }
}
