using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>
/// When the WAF runs, differential against nginx 1.22.1 built with naxsi: naxsi inspects in the
/// location rewrite phase, before the location's <c>set</c>, <c>rewrite</c> and <c>return</c>, so
/// every handler kind that may answer a location with rules on (return, rewrite break/last, static
/// file, proxy_pass, error_page) is covered, and a <c>set $naxsi_flag_*</c> in the location does not
/// change that request's check. Same status, body and DeniedUrl outcome, and the same NAXSI_FMT line.
/// </summary>
public sealed class NaxsiPhaseTests(NaxsiPhaseTests.Servers servers) : IClassFixture<NaxsiPhaseTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        // DifferentialPair's listen-port placeholders, as text in the interpolated config below.
        private const string P0 = "{{P0}}", P1 = "{{P1}}", P2 = "{{P2}}";

        public Servers()
        {
            Root = TempDirectory.Create("naxsi-phase-");
            Directory.CreateDirectory(Path.Combine(Root, "static"));
            File.WriteAllText(Path.Combine(Root, "static", "page.txt"), "static page\n");
            File.WriteAllText(Path.Combine(Root, "static", "post.txt"), "static post\n");
            Directory.CreateDirectory(Path.Combine(Root, "rwbreak"));
            File.WriteAllText(Path.Combine(Root, "rwbreak", "file.txt"), "rewritten file\n");
            Directory.CreateDirectory(Path.Combine(Root, "ep"));
            const string rules = $"""
                SecRulesEnabled;
                DeniedUrl "/RequestDenied";
                {WafTestConfig.CoreCheckRules}
                """;
            Pair = DifferentialPair.StartNaxsiHttp($$"""
                include {{NaxsiCoreRules.Path.Value}};
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{Root}};
                    location /ret/ { {{rules}} return 200 "return\n"; }
                    location /rwbreak/ { {{rules}} rewrite ^ /rwbreak/file.txt break; }
                    location /rwlast/ { {{rules}} rewrite ^ /open/ last; }
                    location /plain-to-rules/ { rewrite ^ /ret/ last; }
                    location /rules-to-rules/ { {{rules}} LearningMode; rewrite ^ /ret/ last; }
                    location /open/ { return 200 "open\n"; }
                    location /static/ { {{rules}} }
                    location /proxy/ { {{rules}} proxy_pass http://127.0.0.1:{{P1}}; }
                    location /ep/ { {{rules}} error_page 404 = /ep-fallback; }
                    location /ep-into-rules/ { error_page 404 = /ret/; }
                    location = /ep-fallback { return 200 "fallback $request_uri\n"; }
                    location /set-learn/ { {{rules}} set $naxsi_flag_learning 1; return 200 "set learn\n"; }
                    location /set-off/ { {{rules}} set $naxsi_flag_enable 0; return 200 "set off\n"; }
                    location /if-off/ { {{rules}} if ($arg_a) { set $naxsi_flag_enable 0; } return 200 "if off\n"; }
                    location /RequestDenied { internal; return 403 "denied $request_uri\n"; }
                }
                server {
                    listen 127.0.0.1:{{P1}};
                    location / { return 200 "backend $request_uri\n"; }
                }
                server {
                    listen 127.0.0.1:{{P2}};
                    if ($uri ~ ^/server-learn/) { set $naxsi_flag_learning 1; }
                    if ($uri ~ ^/server-off/) { set $naxsi_flag_enable 0; }
                    if ($uri ~ ^/server-on/) { set $naxsi_flag_enable 1; }
                    location /server-learn/ { {{rules}} return 200 "server learn\n"; }
                    location /server-off/ { {{rules}} return 200 "server off\n"; }
                    location /server-on/ { DeniedUrl "/RequestDenied"; {{WafTestConfig.CoreCheckRules}} return 200 "server on\n"; }
                    location /RequestDenied { internal; return 403 "denied $request_uri\n"; }
                }
                """, portCount: 3);
        }

        public string Root { get; }
        public DifferentialPair Pair { get; }

        public void Dispose()
        {
            Pair.Dispose();
            TempDirectory.TryDelete(Root);
        }
    }

    [Theory]
    // return: answered by the location's own return, after naxsi looked.
    [InlineData("/ret/x?a=<script>", 403)]
    [InlineData("/ret/y?a=<x", 403)]
    [InlineData("/ret/x?a=hello", 200)]
    // rewrite ... break to a static file in the same location.
    [InlineData("/rwbreak/x?a=<x", 403)]
    [InlineData("/rwbreak/x?a=hello", 200)]
    // rewrite ... last out of the protected location into one without rules: checked on the way.
    [InlineData("/rwlast/x?a=<x", 403)]
    [InlineData("/rwlast/x?a=hello", 200)]
    // rewrite ... last from a location without rules into one with rules: a rewritten URI is internal, so not checked there.
    [InlineData("/plain-to-rules/x?a=<x", 200)]
    // the first location with rules decides (here in learning mode); the next one does not check again.
    [InlineData("/rules-to-rules/x?a=<x", 200)]
    // static files.
    [InlineData("/static/page.txt?a=<x", 403)]
    [InlineData("/static/page.txt?a=hello", 200)]
    // proxy_pass.
    [InlineData("/proxy/x?a=<x", 403)]
    [InlineData("/proxy/x?a=hello", 200)]
    // error_page: the original location is checked before its 404; the target, reached internally, is not.
    [InlineData("/ep/missing?a=<x", 403)]
    [InlineData("/ep/missing?a=hello", 200)]
    [InlineData("/ep-into-rules/missing?a=<x", 200)]
    // set $naxsi_flag_* in the location comes after the check: it does not change it.
    [InlineData("/set-learn/x?a=<x", 403)]
    [InlineData("/set-off/x?a=<x", 403)]
    [InlineData("/if-off/x?a=<x", 403)]
    public async Task EveryHandlerKind_IsInspectedFirst_AsNaxsiDoes(string target, int status)
    {
        var response = await servers.Pair.AssertSameAsync(RawHttp.Get(target));
        Assert.Equal(status, response.Status);
        var uri = target[..target.IndexOf('?')];
        // <script> fires 1302, which blocks: naxsi stops there and logs only that one, as we do.
        var logged = status == 403 || target.StartsWith("/rules-to-rules/", StringComparison.Ordinal);
        if (logged) await AssertSameNaxsiFmtAsync(uri);
    }

    [Theory]
    [InlineData("/ret/post", "a=<x", 403)]           // the body is read and checked before the location's return
    [InlineData("/ret/post", "a=hello", 200)]
    [InlineData("/static/post.txt", "a=<x", 403)]    // ... and before the static module's 405 for a POST
    [InlineData("/static/post.txt", "a=hello", 405)]
    public async Task PostBody_IsInspectedFirst_AsNaxsiDoes(string path, string body, int status)
    {
        var request = $"POST {path} HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\n\r\n{body}";
        var response = await servers.Pair.AssertSameAsync(request);
        Assert.Equal(status, response.Status);
        if (status == 403) await AssertSameNaxsiFmtAsync(path);
    }

    [Theory]
    [InlineData("/server-learn/x?a=<x", true)]  // learning: passed and logged
    [InlineData("/server-off/x?a=<x", false)]   // naxsi off for this request
    [InlineData("/server-on/x?a=<x", false)]    // the variable switches naxsi off, never on where SecRulesEnabled is not in effect
    public async Task FlagSetAtServerLevel_IsWhatTheLocationsCheckReads(string target, bool logged)
    {
        // The server rewrite phase runs before the location's, so a set there is what naxsi reads.
        var response = await servers.Pair.AssertSameAsync(RawHttp.Get(target), portIndex: 2);
        Assert.Equal(200, response.Status);
        if (logged) await AssertSameNaxsiFmtAsync(target[..target.IndexOf('?')]);
    }

    private async Task AssertSameNaxsiFmtAsync(string uri)
    {
        var nginx = await NaxsiFmtAsync(() => servers.Pair.Nginx.ErrorLog, uri);
        var ours = await NaxsiFmtAsync(() => servers.Pair.Ours.ErrorLog, uri);
        Assert.Equal(nginx, ours);
    }

    /// <summary>The NAXSI_FMT line for <paramref name="uri"/> (without its random rid and the request context nginx appends).</summary>
    private static async Task<string> NaxsiFmtAsync(Func<string> log, string uri)
    {
        var marker = "&uri=" + uri.Replace("/", "%2F") + "&";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var line = log().Split('\n').LastOrDefault(l => l.Contains("NAXSI_FMT: ", StringComparison.Ordinal) && l.Contains(marker, StringComparison.Ordinal));
            if (line is not null)
            {
                line = line[line.IndexOf("NAXSI_FMT: ", StringComparison.Ordinal)..];
                var context = line.IndexOf(", client: ", StringComparison.Ordinal);
                if (context >= 0) line = line[..context];
                return Rid.Replace(line, "&rid=RID&");
            }
            await Task.Delay(50);
        }
        return "(no NAXSI_FMT line for " + uri + ")\n" + log();
    }

    private static readonly Regex Rid = new("&rid=[0-9a-f]*&", RegexOptions.Compiled);
}
