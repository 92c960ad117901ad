using System.Text;
using ProxyServer.Runtime.Waf.Engine;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>
/// The WAF in the running proxy: section 6's verdicts end to end (a real nginx as backend), deny as
/// an internal redirect to DeniedUrl, bodies reaching the upstream intact, LearningMode, DROP and
/// the NAXSI_FMT line in the error log.
/// </summary>
public sealed class NaxsiProxyTests(NaxsiProxyTests.Servers servers) : IClassFixture<NaxsiProxyTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public Servers()
        {
            var backendPort = FreePort.Next();
            Backend = NginxInstance.StartHttp($$"""
                server {
                    listen 127.0.0.1:{{backendPort}};
                    location / { return 200 "backend $request_uri\n"; }
                }
                """, backendPort);
            Echo = new EchoHttpServer();
            LogDirectory = TempDirectory.Create("naxsi-log-");
            Port = FreePort.Next();
            Proxy = ProxyServerInstance.StartHttp($$"""
                include {{NaxsiCoreRules.Path.Value}};
                server {
                    listen 127.0.0.1:{{Port}};
                    client_max_body_size 64k;
                    # naxsi reads its switch variables before the location's own set (it runs first
                    # in the location rewrite phase), so they are set here, in the server rewrite phase.
                    if ($uri ~ ^/flag-off/) { set $naxsi_flag_enable 0; }
                    if ($uri ~ ^/flag-on/) { set $naxsi_flag_enable 1; }
                    if ($uri ~ ^/flag-learn/) { set $naxsi_flag_learning 1; }
                    if ($uri ~ ^/(exlog|jsonlog)/) { set $naxsi_extensive_log 1; }
                    if ($uri ~ ^/jsonlog/) { set $naxsi_json_log 1; }
                    location / {
                        SecRulesEnabled;
                        DeniedUrl "/RequestDenied";
                        {{WafTestConfig.CoreCheckRules}}
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /echo/ {
                        SecRulesEnabled;
                        DeniedUrl "/DeniedEcho";
                        {{WafTestConfig.CoreCheckRules}}
                        proxy_pass http://127.0.0.1:{{Echo.Port}};
                    }
                    location /learn/ {
                        SecRulesEnabled;
                        LearningMode;
                        DeniedUrl "/RequestDenied";
                        {{WafTestConfig.CoreCheckRules}}
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /drop/ {
                        SecRulesEnabled;
                        LearningMode;
                        DeniedUrl "/RequestDenied";
                        {{WafTestConfig.CoreCheckRules}}
                        BasicRule "str:dropme" "msg:direct drop" "mz:ARGS" "s:DROP" id:5000;
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /off/ {
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /flag-off/ {
                        SecRulesEnabled;
                        DeniedUrl "/RequestDenied";
                        {{WafTestConfig.CoreCheckRules}}
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /flag-on/ {
                        DeniedUrl "/RequestDenied";
                        {{WafTestConfig.CoreCheckRules}}
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /flag-learn/ {
                        SecRulesEnabled;
                        DeniedUrl "/RequestDenied";
                        {{WafTestConfig.CoreCheckRules}}
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /libinj/ {
                        SecRulesEnabled;
                        DeniedUrl "/RequestDenied";
                        BasicRule wl:-1; # every user (core) rule off here: only libinjection decides
                        LibInjectionSql;
                        LibInjectionXss;
                        CheckRule "$LIBINJECTION_SQL >= 1" BLOCK;
                        CheckRule "$LIBINJECTION_XSS >= 1" BLOCK;
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /naxsi-log/ {
                        SecRulesEnabled;
                        DeniedUrl "/RequestDenied";
                        {{WafTestConfig.CoreCheckRules}}
                        NaxsiLogFile {{NaxsiLogPath}};
                        location /naxsi-log/crit/ { NaxsiLogFile {{NaxsiLogPath}} crit; proxy_pass http://127.0.0.1:{{backendPort}}; }
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /exlog/ {
                        SecRulesEnabled;
                        LearningMode;
                        DeniedUrl "/RequestDenied";
                        {{WafTestConfig.CoreCheckRules}}
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /jsonlog/ {
                        SecRulesEnabled;
                        DeniedUrl "/RequestDenied";
                        {{WafTestConfig.CoreCheckRules}}
                        proxy_pass http://127.0.0.1:{{backendPort}};
                    }
                    location /RequestDenied { internal; return 403; }
                    location /DeniedEcho { internal; proxy_pass http://127.0.0.1:{{Echo.Port}}; }
                }
                """);
        }

        public NginxInstance Backend { get; }
        public EchoHttpServer Echo { get; }
        public ProxyServerInstance Proxy { get; }
        public int Port { get; }
        public string LogDirectory { get; }
        public string NaxsiLogPath => Path.Combine(LogDirectory, "naxsi.log");

        public void Dispose()
        {
            Proxy.Dispose();
            Echo.Dispose();
            Backend.Dispose();
            TempDirectory.TryDelete(LogDirectory);
        }
    }

    private Task<RawResponse> SendAsync(string method, string target, string body = "", string contentType = "", string headers = "")
    {
        var request = new StringBuilder($"{method} {target} HTTP/1.0\r\nHost: localhost\r\n{headers}");
        if (contentType.Length > 0) request.Append($"Content-Type: {contentType}\r\n");
        if (method != "GET") request.Append($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n");
        request.Append("\r\n");
        return RawHttp.SendAsync(servers.Port, Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(request + body)));
    }

    private Task<RawResponse> SendAsync(WafCase c) => SendAsync(c.Method, c.Target, c.Body ?? "", c.ContentType ?? "",
        string.Concat(c.Headers.Select(h => h + "\r\n")));

    [Theory]
    [MemberData(nameof(NaxsiVerdictTests.SectionSix), MemberType = typeof(NaxsiVerdictTests))]
    [MemberData(nameof(NaxsiVerdictTests.MoreCheckedCases), MemberType = typeof(NaxsiVerdictTests))]
    public async Task Verdict_ThroughTheProxy(WafCase request)
    {
        var response = await SendAsync(request);
        if (request.Expected == WafVerdict.Pass)
        {
            Assert.Equal(200, response.Status);
            Assert.StartsWith("backend ", response.Body);
        }
        else
        {
            Assert.Equal(403, response.Status);
        }
    }

    [Fact]
    public async Task Deny_IsAnInternalRedirect_WithOriginalUrlArgsAndSignature()
    {
        var response = await SendAsync("GET", "/echo/x?name=O'Brien");
        Assert.Equal(200, response.Status); // the DeniedUrl location answers, here by proxying
        Assert.StartsWith("GET /DeniedEcho HTTP/1.0\r\n", response.Body); // proxy_http_version 1.0, no args
        Assert.Contains("x-orig_url: /echo/x\r\n", response.Body);
        Assert.Contains("x-orig_args: name=O'Brien\r\n", response.Body);
        Assert.Matches(@"x-naxsi_sig: ip=127\.0\.0\.1&server=localhost&uri=%2Fecho%2Fx&config=block&rid=[0-9a-f]+&cscore0=\$SQL&score0=4&cscore1=\$XSS&score1=8&zone0=ARGS&id0=1013&var_name0=name\r\n", response.Body);
        Assert.Contains("NAXSI_FMT: ip=127.0.0.1&server=localhost&uri=%2Fecho%2Fx&config=block", await ErrorLogEventuallyAsync("uri=%2Fecho%2Fx&"));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "comment=I+like+it&n=2")]
    [InlineData("application/json", "{\"a\":\"b\",\"list\":[1,2,3]}")]
    public async Task PassedBody_ReachesTheUpstreamIntact(string contentType, string body)
    {
        var response = await SendAsync("POST", "/echo/form", body, contentType);
        Assert.Equal(200, response.Status);
        Assert.EndsWith("\r\n\r\n" + body, response.Body);
    }

    [Fact]
    public async Task LargeBody_IsReadInFull_AndForwardedIntact()
    {
        var body = "a=" + new string('x', 60_000);
        var response = await SendAsync("POST", "/echo/large", body, "application/x-www-form-urlencoded");
        Assert.Equal(200, response.Status);
        Assert.EndsWith("\r\n\r\n" + body, response.Body);
    }

    [Fact]
    public async Task BodyPastClientMaxBodySize_Is413()
    {
        var response = await SendAsync("POST", "/echo/large", "a=" + new string('x', 70_000), "application/x-www-form-urlencoded");
        Assert.Equal(413, response.Status);
    }

    [Theory]
    [InlineData("20000\r\n", 413)]                                  // over client_max_body_size 64k, caught while reading
    [InlineData("zz\r\n", 400)]                                     // malformed chunked encoding
    [InlineData("7\r\nc=<x>&d\r\n0\r\n\r\n", 403)]                 // a chunked body is inspected like any other
    public async Task ChunkedBody_IsReadAsNginxReadsIt_ThenInspected(string chunks, int status)
    {
        var head = "POST /chunked HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n";
        var body = chunks.StartsWith("20000") ? chunks + new string('x', 0x20000) + "\r\n0\r\n\r\n" : chunks;
        var response = await RawHttp.SendAsync(servers.Port, head + body);
        Assert.Equal(status, response.Status);
    }

    [Fact]
    public async Task AttackInTheBody_IsDenied()
    {
        var response = await SendAsync("POST", "/", "comment=<script>", "application/x-www-form-urlencoded");
        Assert.Equal(403, response.Status);
    }

    [Fact]
    public async Task LearningMode_PassesAndLogs()
    {
        var response = await SendAsync("GET", "/learn/page?a=<x>");
        Assert.Equal(200, response.Status);
        Assert.Equal("backend /learn/page?a=<x>\n", response.Body);
        var log = await ErrorLogEventuallyAsync("uri=%2Flearn%2Fpage&");
        Assert.Contains("NAXSI_FMT: ip=127.0.0.1&server=localhost&uri=%2Flearn%2Fpage&config=learning&rid=", log);
        Assert.Contains("&cscore0=$XSS&score0=16&zone0=ARGS&id0=1302&var_name0=a&zone1=ARGS&id1=1303&var_name1=a", log);
    }

    [Fact]
    public async Task Drop_DeniesEvenInLearningMode()
    {
        var response = await SendAsync("GET", "/drop/page?a=dropme");
        Assert.Equal(403, response.Status);
        Assert.Contains("uri=%2Fdrop%2Fpage&config=learning-drop&", await ErrorLogEventuallyAsync("uri=%2Fdrop%2Fpage&"));
        Assert.Equal(200, (await SendAsync("GET", "/drop/page?a=<x>")).Status); // BLOCK is only learned there
    }

    [Fact]
    public async Task LocationWithoutNaxsi_PassesAttacks()
    {
        var response = await SendAsync("GET", "/off/?a=<script>");
        Assert.Equal(200, response.Status);
    }

    [Theory]
    [InlineData("/flag-off/x?a=<script>", 200)]    // $naxsi_flag_enable 0 switches an enabled location off
    [InlineData("/flag-on/x?a=<script>", 200)]     // ... but 1 does not switch it on where the config does not (as naxsi)
    [InlineData("/flag-on/x?a=hello", 200)]
    [InlineData("/flag-learn/x?a=<script>", 200)]  // $naxsi_flag_learning 1: BLOCK is only logged
    public async Task RuntimeSwitchVariables_OverrideTheLocation(string target, int status)
    {
        Assert.Equal(status, (await SendAsync("GET", target)).Status);
        if (target.StartsWith("/flag-learn/", StringComparison.Ordinal))
            Assert.Contains("uri=%2Fflag-learn%2Fx&config=learning&", await ErrorLogEventuallyAsync("uri=%2Fflag-learn%2Fx&"));
    }

    [Theory]
    [InlineData("/libinj/a?q=1'%20OR%20'1'='1", 403, "&cscore0=$LIBINJECTION_SQL&score0=8&zone0=ARGS&id0=17&var_name0=q")]
    [InlineData("/libinj/b?c=%3Cimg%20src=x%20onerror=alert(1)%3E", 403, "&cscore0=$LIBINJECTION_XSS&score0=8&zone0=ARGS&id0=18&var_name0=c")]
    [InlineData("/libinj/c?name=O'Reilly&q=hello%20world", 200, null)]
    public async Task LibInjection_DecidesWhereTheCoreRulesAreWhitelisted(string target, int status, string? logged)
    {
        var response = await SendAsync("GET", target);
        Assert.Equal(status, response.Status);
        if (logged is not null) Assert.Contains(logged, await ErrorLogEventuallyAsync("uri=" + target[..target.IndexOf('?')].Replace("/", "%2F") + "&"));
    }

    [Fact]
    public async Task NaxsiLogFile_TakesTheLine_WithoutTheRequestContext()
    {
        Assert.Equal(403, (await SendAsync("GET", "/naxsi-log/x?a=<x>")).Status);
        var line = await FileLineEventuallyAsync(servers.NaxsiLogPath, "uri=%2Fnaxsi-log%2Fx&");
        // naxsi's own log (nginx's ngx_log_set_log) has no connection: no "*N", no ", client: ..." after the line.
        Assert.Matches(@"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[error\] \d+#\d+: NAXSI_FMT: ip=127\.0\.0\.1&server=localhost&uri=%2Fnaxsi-log%2Fx&config=block&rid=[0-9a-f]+&cscore0=\$XSS&score0=8&zone0=ARGS&id0=1302&var_name0=a$", line);
        Assert.DoesNotContain("uri=%2Fnaxsi-log%2Fx&", servers.Proxy.ErrorLog);
    }

    [Fact]
    public async Task NaxsiLogFile_LevelAboveError_WritesNothing()
    {
        Assert.Equal(403, (await SendAsync("GET", "/naxsi-log/crit/y?a=<x>")).Status);
        Assert.Equal(403, (await SendAsync("GET", "/naxsi-log/z?a=<x>")).Status); // a later line in the same file
        await FileLineEventuallyAsync(servers.NaxsiLogPath, "uri=%2Fnaxsi-log%2Fz&");
        Assert.DoesNotContain("uri=%2Fnaxsi-log%2Fcrit%2Fy&", File.ReadAllText(servers.NaxsiLogPath));
        Assert.DoesNotContain("uri=%2Fnaxsi-log%2Fcrit%2Fy&", servers.Proxy.ErrorLog);
    }

    [Fact]
    public async Task ExtensiveLogVariable_AddsANaxsiExlogLinePerMatch_BeforeTheNaxsiFmtLine()
    {
        Assert.Equal(200, (await SendAsync("GET", "/exlog/x,y?uuu=b,c")).Status);
        var lines = await ErrorLogLinesAsync("NAXSI_FMT: ip=127.0.0.1&server=localhost&uri=%2Fexlog%2Fx%2Cy&", "uri=%2Fexlog%2Fx%2Cy&");
        Assert.Equal(3, lines.Count);
        Assert.Matches(@"\*\d+ NAXSI_EXLOG: ip=127\.0\.0\.1&server=localhost&rid=[0-9a-f]+&uri=%2Fexlog%2Fx%2Cy&id=1015&zone=URL&var_name=&content=%2Fexlog%2Fx%2Cy, client: ", lines[0]);
        Assert.Contains("NAXSI_EXLOG: ip=127.0.0.1&server=localhost&rid=", lines[1]);
        Assert.Contains("&uri=%2Fexlog%2Fx%2Cy&id=1015&zone=ARGS&var_name=uuu&content=b%2Cc, client: ", lines[1]);
        Assert.Contains("NAXSI_FMT: ip=127.0.0.1&server=localhost&uri=%2Fexlog%2Fx%2Cy&config=learning&", lines[2]);
    }

    [Fact]
    public async Task JsonLogVariable_WritesJsonObjects()
    {
        Assert.Equal(403, (await SendAsync("GET", "/jsonlog/x,y?uuu=b,c")).Status);
        var lines = await ErrorLogLinesAsync("\"uri\":\"/jsonlog/x,y\",\"config\":\"block\"", "\"uri\":\"/jsonlog/x,y\"");
        Assert.Equal(3, lines.Count);
        Assert.Matches("""\*\d+ \{"ip":"127\.0\.0\.1","server":"localhost","rid":"[0-9a-f]+","uri":"/jsonlog/x,y","id":1015,"zone":"URL","var_name":"","content":"/jsonlog/x,y"\}, client: """, lines[0]);
        Assert.Matches("""\*\d+ \{"ip":"127\.0\.0\.1","server":"localhost","uri":"/jsonlog/x,y","config":"block","rid":"[0-9a-f]+","cscore0":"\$SQL","score0":8,"zone0":"URL","id0":1015,"var_name0":"","zone1":"ARGS","id1":1015,"var_name1":"uuu"\}, client: """, lines[2]);
    }

    /// <summary>The error-log lines with <paramref name="marker"/>, once <paramref name="last"/> (a request's final line) is written.</summary>
    private async Task<List<string>> ErrorLogLinesAsync(string last, string marker)
    {
        await ErrorLogEventuallyAsync(last);
        return servers.Proxy.ErrorLog.Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList();
    }

    private static async Task<string> FileLineEventuallyAsync(string path, string marker)
    {
        for (var i = 0; i < 100; i++)
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var line = new StreamReader(stream).ReadToEnd().Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
                if (line is not null) return line;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"no line with {marker} in {path}");
    }

    private async Task<string> ErrorLogEventuallyAsync(string marker)
    {
        for (var i = 0; i < 100; i++)
        {
            var lines = servers.Proxy.ErrorLog.Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList();
            if (lines.Count > 0) return string.Join('\n', lines);
            await Task.Delay(50);
        }
        return servers.Proxy.ErrorLog;
    }
}
