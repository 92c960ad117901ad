using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Variables;

/// <summary>
/// A regex that backtracks catastrophically (<c>^(a+)+$</c> on forty a's and a "!") gives up:
/// nginx hits PCRE's match limit, we hit the match timeout (lowered to 50 ms for the test). At
/// every use site the give-up is what ngx_http_regex_exec's NGX_ERROR is to nginx's caller, never
/// a miss: location, <c>if</c> and <c>rewrite</c> answer 500, <c>server_name</c> closes unanswered,
/// <c>map</c> takes its default, <c>proxy_redirect</c> goes on to its next rule; each logged at
/// alert as <c>pcre2_match() failed: -47 on "INPUT" using "PATTERN"</c>.
/// </summary>
public sealed class RegexMatchLimitTests(RegexMatchLimitTests.Servers servers) : IClassFixture<RegexMatchLimitTests.Servers>
{
    private static readonly string Runaway = new string('a', 40) + "!";

    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            map $arg_m $mapped {
                default dflt;
                "~^(a+)+$" matched;
            }
            server {
                listen 127.0.0.1:{{P0}};
                server_name "~^(a+)+$" localhost;
                error_page 500 /failed;
                location = /failed { return 200 "error page for 500\n"; }
                location ~ ^/l/(a+)+$ { return 200 "regex location\n"; }
                location /l/ { return 200 "prefix location\n"; }
                location /m { return 200 "map=$mapped\n"; }
                location /i {
                    if ($arg_i ~ ^(a+)+$) { return 200 "if matched\n"; }
                    return 200 "if did not match\n";
                }
                location /n {
                    if ($arg_i !~ ^(a+)+$) { return 200 "negated if held\n"; }
                    return 200 "negated if failed\n";
                }
                location /r { rewrite ^/r/(a+)+$ /rewritten; return 200 "rewrite did not match\n"; }
                location /p {
                    proxy_pass http://127.0.0.1:{{P1}};
                    proxy_redirect "~^http://[^/]+/(a+)+$" /regex-rule;
                    proxy_redirect http://127.0.0.1:{{P1}}/ /next-rule/;
                }
            }
            server {
                listen 127.0.0.1:{{P1}};
                location / { return 302 "http://127.0.0.1:{{P1}}/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"; }
            }
            """, portCount: 2, ourEnvironment: new Dictionary<string, string> { ["PROXYSERVER_REGEX_MATCH_TIMEOUT_MS"] = "50" });

        public void Dispose() => Pair.Dispose();
    }

    private DifferentialPair Pair => servers.Pair;

    [Theory]
    [InlineData("/l/", "^/l/(a+)+$")]              // location ~: 500, error_page applies
    [InlineData("/i?i=", "^(a+)+$")]               // if ~: 500
    [InlineData("/n?i=", "^(a+)+$")]               // if !~: 500 too, not "did not match"
    [InlineData("/r/", "^/r/(a+)+$")]              // rewrite: 500
    public async Task RegexGivingUp_Answers500AsNginx(string target, string pattern)
    {
        var ours = await Pair.AssertSameAsync(RawHttp.Get(target + Runaway));
        Assert.Equal(500, ours.Status);
        Assert.Equal("error page for 500\n", ours.Body);
        AssertLogged(pattern, target.Contains('?') ? Runaway : target + Runaway);
    }

    [Fact]
    public async Task MapRegexGivingUp_TakesTheDefault()
    {
        var ours = await Pair.AssertSameAsync(RawHttp.Get("/m?m=" + Runaway));
        Assert.Equal("map=dflt\n", ours.Body);
        // nginx names the map's regex with uninitialised bytes here; we name the pattern.
        Assert.Contains($"pcre2_match() failed: -47 on \"{Runaway}\" using", Pair.Nginx.ErrorLog);
        AssertLogged("^(a+)+$", Runaway, checkNginx: false);
    }

    [Fact]
    public async Task ServerNameRegexGivingUp_ClosesUnanswered()
    {
        var ours = await Pair.AssertSameAsync(RawHttp.Get("/", host: Runaway));
        Assert.True(ours.IsEmpty);
        AssertLogged("^(a+)+$", Runaway);
    }

    [Fact]
    public async Task ProxyRedirectRegexGivingUp_TriesTheNextRule()
    {
        var ours = await Pair.AssertSameAsync(RawHttp.Get("/p"));
        Assert.EndsWith("/next-rule/" + Runaway, ours.Header("Location"));
        AssertLogged("^http://[^/]+/(a+)+$", $"http://127.0.0.1:{Pair.OurPort(1)}/{Runaway}", checkNginx: false);
    }

    private void AssertLogged(string pattern, string input, bool checkNginx = true)
    {
        var text = $"pcre2_match() failed: -47 on \"{input}\" using \"{pattern}\"";
        WaitForLog(() => Pair.Ours.ErrorLog, text);
        Assert.Contains("[alert]", Pair.Ours.ErrorLog.Split('\n').First(l => l.Contains(text)));
        if (checkNginx) Assert.Contains(text, Pair.Nginx.ErrorLog);
    }

    private static void WaitForLog(Func<string> read, string text)
    {
        // The error log is written after the response; give the writer a moment to flush.
        for (var i = 0; i < 100 && !read().Contains(text); i++) Thread.Sleep(20);
        Assert.Contains(text, read());
    }
}
