using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>
/// The WAF against nginx 1.22.1 built with naxsi, request for request: the same status and body
/// (which prints naxsi's variables) and the same NAXSI_FMT / NAXSI_EXLOG / JSON lines. Issue 18's
/// bullets: CheckRule timing and where the check stops, the <c>$naxsi_*</c> variables, str/rx
/// counting, libinjection's score, where internal rules 10/12/20 fire, multipart strictness, empty
/// bodies, the host rule 21, IgnoreIP/IgnoreCIDR after realip, and how the log lines encode values.
/// </summary>
public sealed class NaxsiDifferentialTests(NaxsiDifferentialTests.Servers servers) : IClassFixture<NaxsiDifferentialTests.Servers>
{
    private const string Variables =
        "[$naxsi_attack_family][$naxsi_attack_action][$naxsi_score][$naxsi_match][$naxsi_server][$naxsi_uri][$naxsi_learning][$naxsi_block]";

    public sealed class Servers : IDisposable
    {
        private const string P0 = "{{P0}}", P1 = "{{P1}}";

        public Servers()
        {
            const string core = $"""
                SecRulesEnabled; DeniedUrl "/RequestDenied";
                {WafTestConfig.CoreCheckRules}
                """;
            const string own = """SecRulesEnabled; DeniedUrl "/RequestDenied";""";
            const string answer = $"""return 200 "ok {Variables}\n";""";
            Pair = DifferentialPair.StartNaxsiHttp($$"""
                include {{NaxsiCoreRules.Path.Value}};
                MainRule id:2000 "str:aaa" "mz:ARGS" "s:$FOO:4";
                MainRule id:2001 "str:bbb" "mz:ARGS" "s:$FOO:8";
                MainRule id:2002 "str:ccc" "mz:ARGS" "s:$BAR:4";
                MainRule id:2003 "str:ddd" "mz:ARGS" "s:$FOO:4,$BAR:4";
                MainRule id:2004 "str:eee" "mz:ARGS" "s:LOG";
                MainRule id:2005 "str:fff" "mz:ARGS" "s:DROP";
                MainRule id:2006 "str:ggg" "mz:ARGS" "s:BLOCK";
                MainRule id:2007 "str:hhh" "mz:ARGS" "s:42";
                MainRule id:2010 "rx:aa" "mz:ARGS" "s:$RX:1";
                MainRule id:2020 "str:zzz" "mz:ANY" "s:$FOO:8";
                MainRule id:2021 "str:yyy" "mz:BODY" "s:$FOO:8";
                MainRule id:2022 "str:qqq" "mz:FILE_EXT" "s:$FOO:8";
                server {
                    listen 127.0.0.1:{{P0}};
                    if ($uri ~ ^/ex/) { set $naxsi_extensive_log 1; }
                    if ($uri ~ ^/json/) { set $naxsi_json_log 1; }
                    location / { {{core}} {{answer}} }
                    location /learn/ { {{core}} LearningMode; {{answer}} }
                    location /ex/ { {{core}} LearningMode; {{answer}} }
                    location /json/ { {{core}} LearningMode; {{answer}} }
                    location /le/ { {{own}} CheckRule "$FOO <= 8" BLOCK; {{answer}} }
                    location /lt/ { {{own}} CheckRule "$FOO < 5" LOG; {{answer}} }
                    location /first/ { {{own}} CheckRule "$FOO >= 4" LOG; CheckRule "$FOO >= 4" BLOCK; {{answer}} }
                    location /dropping/ { {{own}} CheckRule "$FOO >= 4" DROP; {{answer}} }
                    location /ldropping/ { {{own}} LearningMode; CheckRule "$FOO >= 4" DROP; {{answer}} }
                    location /allow/ { {{own}} CheckRule "$FOO >= 4" ALLOW; CheckRule "$FOO >= 8" BLOCK; {{answer}} }
                    location /two/ { {{own}} CheckRule "$BAR >= 4" LOG; CheckRule "$FOO >= 8" BLOCK; {{answer}} }
                    location /none/ { {{own}} CheckRule "$NONE < 5" BLOCK; {{answer}} }
                    location /direct/ { {{own}} CheckRule "$FOO >= 100" BLOCK; {{answer}} }
                    location /ldirect/ { {{own}} LearningMode; CheckRule "$FOO >= 100" BLOCK; {{answer}} }
                    location /rx/ { {{own}} CheckRule "$RX >= 100" LOG; {{answer}} }
                    location /li/ { {{core}} LibInjectionSql; LibInjectionXss; CheckRule "$LIBINJECTION_SQL >= 16" BLOCK; CheckRule "$LIBINJECTION_XSS >= 16" BLOCK; {{answer}} }
                    location /lli/ { {{core}} LearningMode; LibInjectionSql; LibInjectionXss; CheckRule "$LIBINJECTION_SQL >= 8" BLOCK; {{answer}} }
                    location /ign/ { {{core}} IgnoreIP "127.0.0.1"; {{answer}} }
                    location /count/ { {{core}} return 200 "$naxsi_total_processed $naxsi_total_blocked\n"; }
                    location /off/ { {{answer}} }
                    location /RequestDenied { internal; return 403 "denied {{Variables}}\n"; }
                }
                server {
                    listen 127.0.0.1:{{P1}};
                    set_real_ip_from 127.0.0.1;
                    real_ip_header X-Forwarded-For;
                    location / { {{core}} IgnoreIP "10.1.2.3"; IgnoreCIDR "192.168.0.0/16"; return 200 "ok $remote_addr {{Variables}}\n"; }
                    location /RequestDenied { internal; return 403 "denied $remote_addr {{Variables}}\n"; }
                }
                """, portCount: 2);
        }

        public DifferentialPair Pair { get; }

        public void Dispose() => Pair.Dispose();
    }

    [Theory]
    // "$FOO <= 8" fires on the first match (4), before a second takes the total past it; the check stops there.
    [InlineData("/le/a?a=aaa")]
    [InlineData("/le/b?a=aaabbb")]
    [InlineData("/le/c?a=bbbbbb")]              // 2001 four times at once (overlapping): 32, never <= 8
    [InlineData("/le/d?a=bbbbbb&b=aaa")]
    // "$FOO < 5" LOG: logged at 4, and the LOG stays though the score grows past it.
    [InlineData("/lt/a?a=aaa&b=aaaaaa")]
    [InlineData("/lt/b?a=aaaaaa")]
    // Two CheckRules firing at once: BLOCK wins over LOG whatever their order.
    [InlineData("/first/a?a=aaa")]
    // DROP denies (in LearningMode too) and stops the check; $naxsi_block stays 0.
    [InlineData("/dropping/a?a=aaa&b=aaa")]
    [InlineData("/ldropping/a?a=aaa&b=aaa")]
    // ALLOW does nothing.
    [InlineData("/allow/a?a=aaa&b=aaa")]
    [InlineData("/two/a?a=ccc&b=bbb")]
    [InlineData("/two/b?a=ddd")]
    [InlineData("/none/a?a=aaa")]
    // Direct actions: LOG then BLOCK, BLOCK stops; in LearningMode only the DROP stops.
    [InlineData("/direct/a?a=eee&b=ggg")]
    [InlineData("/direct/b?a=ggg&b=eee")]
    [InlineData("/direct/c?a=hhh")]             // a bare score: no counter, nothing to log
    [InlineData("/ldirect/a?a=ggg&b=eee&c=fff&d=aaa")]
    // str: counts overlapping occurrences, rx: does not; the value is tried before the name.
    [InlineData("/rx/a?a=aaaaa")]
    [InlineData("/rx/b?aaaa=aaa")]
    public async Task CheckRules_AreEvaluatedAsScoresAccumulate(string target) => await AssertSameAsync(RawHttp.Get(target), target);

    [Theory]
    [InlineData("/a?a=hello")]
    [InlineData("/b?a=--select")]
    [InlineData("/c,d?a=<script>&b=1")]         // blocked at 1302: 1303 is never tried
    [InlineData("/learn/a?a=<script>")]         // learning goes on: both
    [InlineData("/learn/b?a=--[]")]
    [InlineData("/learn/c?<a>=x&b=<x")]
    [InlineData("/learn/select--?a=../..")]
    [InlineData("/off/a?a=<x")]                 // naxsi off: its variables are empty
    public async Task Variables_AreNaxsis(string target) => await AssertSameAsync(RawHttp.Get(target), target);

    [Theory]
    // Rule 12: a trailing & is raised before any pair, an empty segment where it stands, even after
    // a pair that blocked; nothing after a block is checked.
    [InlineData("/e?a=<x&&b=1")]
    [InlineData("/f?&a=<x")]
    [InlineData("/g?a=<x&")]
    [InlineData("/h?a=<x&&&b=1")]
    [InlineData("/i?a=<x&b=1&&c=1")]
    [InlineData("/learn/d?a=<x&")]
    [InlineData("/learn/e?a=1&&&b=1")]
    // Rule 10 names the variable (as decoded), rule 20 none.
    [InlineData("/j?a=%zz&b=<x")]
    [InlineData("/learn/f?a=%zz&b=%zz")]
    [InlineData("/learn/g?%zz=1")]
    [InlineData("/learn/h?a%00=1")]
    [InlineData("/learn/i?a=%C0%AF&b=<")]
    [InlineData("/learn/j?%C0%AF=1")]
    public async Task InternalRules_FireWhereNaxsiFiresThem(string target) => await AssertSameAsync(RawHttp.Get(target), target);

    [Theory]
    [InlineData("/li/a?id=1%20OR%201=1&b=1%20OR%201=1")]      // 17 blocks by itself, at 8
    [InlineData("/li/b?a=<script>alert(1)</script>")]         // libinjection before the rules
    [InlineData("/lli/a?id=1%20OR%201=1&b=1%20OR%201=1")]     // 8 per detection
    public async Task LibInjection_AddsEight(string target) => await AssertSameAsync(RawHttp.Get(target), target);

    [Theory]
    [InlineData("/learn/mp1", "name=\"f\"; filename=\"a.txt\"; filename=\"b.php\"", "Content-Type: text/plain\r\n", "hello")]
    [InlineData("/learn/mp2", "name=\"f\"; name=\"g\"", "", "hello")]
    [InlineData("/learn/mp3", "name=\"f\"", "", "hel\0lo")]
    [InlineData("/learn/mp4", "name=\"f\"; filename=\"a.txt\"", "", "hello")]                    // no Content-Type: 13 with DROP
    [InlineData("/mp5", "name=\"f\"; filename=\"a.php\"", "Content-Type: text/plain\r\n", "hello")]
    [InlineData("/mp6", "name=\"f\"; filename=\"x$y.txt\"", "Content-Type: text/plain\r\n", "hello")]
    [InlineData("/learn/mp7", "name=\"f<\"", "", "hello <x")]
    [InlineData("/learn/mp8", "name=\"f\"; filename=\"a.txt\"", "Content-Type: text/plain\r\n", "hel\0lo")]   // a file's content is not checked
    [InlineData("/le/mp9", "name=\"f\"; filename=\"zzz.txt\"", "Content-Type: text/plain\r\n", "hello")]   // mz:ANY sees the file name
    [InlineData("/le/mp11", "name=\"f\"; filename=\"yyy.txt\"", "Content-Type: text/plain\r\n", "hello")]   // mz:BODY and the file name
    [InlineData("/le/mp12", "name=\"f\"", "", "qqq")]   // mz:FILE_EXT and a plain part
    [InlineData("/learn/mp10", "name=\"f\"; filename=\"a.phtml\"", "Content-Type: text/plain\r\n", "hello")]   // FILE_EXT: core rule 1500
    public async Task Multipart_IsAsStrictAsNaxsi(string path, string disposition, string partHeaders, string content)
    {
        var body = $"--XyZ\r\nContent-Disposition: form-data; name=\"g\"\r\n\r\nplain\r\n" +
                   $"--XyZ\r\nContent-Disposition: form-data; {disposition}\r\n{partHeaders}\r\n{content}\r\n--XyZ--\r\n";
        await AssertSameAsync(Post(path, "multipart/form-data; boundary=XyZ", body), path);
    }

    [Theory]
    [InlineData("/learn/body1", "application/x-www-form-urlencoded", "")]   // an empty body is read by its type
    [InlineData("/learn/body2", "text/plain", "")]
    [InlineData("/learn/body3", "application/json", "")]
    [InlineData("/learn/body4", "multipart/form-data; boundary=XyZ", "")]
    [InlineData("/learn/body5", "application/x-www-form-urlencoded", "a=<x&&b=1&")]
    [InlineData("/body6", "application/x-www-form-urlencoded", "a=<x&&b=1")]
    public async Task Bodies_AreReadAsNaxsiReadsThem(string path, string contentType, string body) =>
        await AssertSameAsync(Post(path, contentType, body), path);

    [Fact]
    public async Task NoBodyAtAll_IsRule16() =>
        await AssertSameAsync("POST /learn/nobody HTTP/1.0\r\nHost: localhost\r\n\r\n", "/learn/nobody");

    [Theory]
    [InlineData("--dddd")]
    [InlineData("-a")]
    [InlineData("ex_ample.com")]
    [InlineData("[::1]")]
    [InlineData("[1.2.3.4]")]
    [InlineData("[ff02::1]")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3:80")]
    [InlineData("255.255.255.255")]
    [InlineData("00.1.2.3")]     // not an address to naxsi (inet_pton): passes
    [InlineData("1.2.3")]
    [InlineData("0")]
    [InlineData("Foo.Example:81")]
    public async Task Host_IsCheckedAsNaxsiChecksIt(string host)
    {
        var path = "/learn/host-" + Regex.Replace(host, "[^a-zA-Z0-9]", "_");
        await AssertSameAsync($"GET {path}?a=1 HTTP/1.0\r\nHost: {host}\r\n\r\n", path);
    }

    [Theory]
    [InlineData("10.1.2.3", "/ip1")]            // IgnoreIP reads the address realip set: only logged (nothing to log here)
    [InlineData("192.168.7.7", "/ip2")]         // IgnoreCIDR too
    [InlineData("10.9.9.9", "/ip3")]            // another client: blocked, and the log's ip= is realip's
    public async Task IgnoredClients_AreTheAddressRealIpSets(string forwardedFor, string path) =>
        await AssertSameAsync($"GET {path}?a=<x HTTP/1.0\r\nHost: localhost\r\nX-Forwarded-For: {forwardedFor}\r\n\r\n", path, portIndex: 1);

    [Theory]
    [InlineData("/ign/a?a=<x")]                 // cleared: no line
    [InlineData("/ign/b?a=eee")]                // a LOG is still written, config=ignore
    [InlineData("/ign/c?a=%C0%AF")]             // a DROP is cleared too
    public async Task IgnoreIP_ClearsBlockAndDrop(string target) => await AssertSameAsync(RawHttp.Get(target), target);

    [Theory]
    // Every printable byte in the URI, the name and the value: uri= encoded twice in NAXSI_FMT,
    // once in NAXSI_EXLOG, the JSON uri with naxsi's URI escaping only.
    [InlineData("/learn/%20%21%22%23%24%25%26%27%28%29%2A%2B%2C-.%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E_%60%7B%7C%7D~%C3%A9?a=<x")]
    [InlineData("/ex/a;b,c?a=<%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D~%C3%A9")]
    [InlineData("/json/a%20b%3Bc%C3%A9?%3Cb%22=%3C%22")]
    [InlineData("/learn/x,y?%3Cs%26x%3E=1")]
    public async Task LogLines_EncodeAsNaxsi(string target)
    {
        await AssertSamePathAsync(RawHttp.Get(target), Uri.UnescapeDataString(target[..target.IndexOf('?')]));
    }

    [Fact]
    public async Task Totals_CountTheLocationsRequests()
    {
        foreach (var target in new[] { "/count/a?a=1", "/count/b?a=<x", "/count/c?a=1" })
            await servers.Pair.AssertSameAsync(RawHttp.Get(target));
    }

    private static string Post(string path, string contentType, string body) =>
        $"POST {path} HTTP/1.0\r\nHost: localhost\r\nContent-Type: {contentType}\r\nContent-Length: {System.Text.Encoding.Latin1.GetByteCount(body)}\r\n\r\n{body}";

    /// <summary>Same response from both, then the same naxsi log lines for <paramref name="target"/>'s path.</summary>
    private Task AssertSameAsync(string request, string target, int portIndex = 0)
    {
        var question = target.IndexOf('?');
        return AssertSamePathAsync(request, question < 0 ? target : target[..question], portIndex);
    }

    private async Task AssertSamePathAsync(string request, string path, int portIndex = 0)
    {
        await servers.Pair.AssertSameAsync(request, portIndex);
        var nginx = await NaxsiLinesAsync(() => servers.Pair.Nginx.ErrorLog, path, 0);
        var ours = await NaxsiLinesAsync(() => servers.Pair.Ours.ErrorLog, path, nginx.Count);
        Assert.Equal(nginx, ours);
    }

    /// <summary>
    /// The naxsi lines of the request for <paramref name="path"/> (its uri as any of the three line
    /// kinds writes it), without the random rid and what nginx appends; waits for <paramref name="expected"/> of them.
    /// </summary>
    private static async Task<List<string>> NaxsiLinesAsync(Func<string> log, string path, int expected)
    {
        var markers = new[] { "&uri=" + Encode(Encode(path, UriEscaped), null) + "&", "&uri=" + Encode(path, null) + "&", "\"uri\":\"" + Encode(path, UriEscaped) + "\"" };
        List<string> lines = [];
        // A generous wait for our log to catch up with nginx's (written before it answered); never a timing assertion.
        for (var attempt = 0; attempt < 300; attempt++)
        {
            lines = log().Split('\n')
                .Where(l => (l.Contains("NAXSI_", StringComparison.Ordinal) || l.Contains("{\"ip\":", StringComparison.Ordinal)) && markers.Any(m => l.Contains(m, StringComparison.Ordinal)))
                .Select(Normalize).ToList();
            if (lines.Count >= expected) break;
            await Task.Delay(100);
        }
        return lines;
    }

    private static string Normalize(string line)
    {
        var start = line.IndexOf("NAXSI_", StringComparison.Ordinal);
        if (start < 0) start = line.IndexOf("{\"ip\":", StringComparison.Ordinal);
        line = line[start..];
        var context = line.IndexOf(", client: ", StringComparison.Ordinal);
        if (context >= 0) line = line[..context];
        line = Rid.Replace(line, "&rid=RID&");
        return JsonRid.Replace(line, "\"rid\":\"RID\"");
    }

    private const string UriEscaped = " \"#%&+;<>?\\^`{|}";

    /// <summary>Percent-encodes the UTF-8 bytes of <paramref name="text"/>: those in <paramref name="only"/> and beyond ASCII, or (null) all but letters, digits and -._~.</summary>
    private static string Encode(string text, string? only)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            var escape = only is null ? !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~') : b is <= 0x20 or >= 0x7f || only.Contains(c);
            builder.Append(escape ? $"%{b:X2}" : c.ToString());
        }
        return builder.ToString();
    }

    private static readonly Regex Rid = new("&rid=[0-9a-f]*&", RegexOptions.Compiled);
    private static readonly Regex JsonRid = new("\"rid\":\"[0-9a-f]*\"", RegexOptions.Compiled);
}
