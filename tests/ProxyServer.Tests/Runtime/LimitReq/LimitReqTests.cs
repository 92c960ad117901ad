using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Access;

namespace ProxyServer.Tests.Runtime.LimitReq;

/// <summary>
/// <c>limit_req</c> against the real nginx: the same arrivals (sent to both at the same moments) get the same
/// statuses, <c>$limit_req_status</c>, <c>limit_req_status</c>, dry run, several limits per location, delays,
/// the refusal's error-log line, and a full zone evicting its least recently used key after as many keys as
/// nginx's slab allocator holds. Each test uses its own keys (<c>$arg_k</c>), so they share the servers.
/// Margins between arrivals are a quarter of a second or more: the assertions are on statuses, not durations.
/// </summary>
public sealed partial class LimitReqTests(LimitReqTests.Servers servers) : IClassFixture<LimitReqTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            limit_req_zone $arg_k zone=two:1m rate=2r/s;
            limit_req_zone $arg_k zone=slow:1m rate=1r/m;
            limit_req_zone $arg_k zone=other:1m rate=1r/m;
            limit_req_zone $arg_k zone=tiny:32k rate=1r/m;
            server {
                listen 127.0.0.1:{{P0}};
                add_header X-Req $limit_req_status always;
                location /nodelay { limit_req zone=two burst=1 nodelay; alias /etc/hostname; }
                location /delay { limit_req zone=two burst=2; alias /etc/hostname; }
                location /slow { limit_req zone=slow; limit_req_status 429; limit_req_log_level warn; alias /etc/hostname; }
                location /both { limit_req zone=slow; limit_req zone=other burst=1 nodelay; alias /etc/hostname; }
                location /dry { limit_req zone=slow; limit_req_dry_run on; alias /etc/hostname; }
                location /tiny { limit_req zone=tiny; alias /etc/hostname; }
                location /redirected { limit_req zone=slow; error_page 503 /slow; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    private DifferentialPair Pair => servers.Pair;

    /// <summary>Sends to both at once and returns "status X-Req" for each side.</summary>
    private async Task<(string Nginx, string Ours)> BothAsync(string target)
    {
        var (nginx, ours) = await Pair.SendAsync(RawHttp.Get(target));
        return ($"{nginx.Status} {nginx.Header("X-Req")}", $"{ours.Status} {ours.Header("X-Req")}");
    }

    [Fact]
    public async Task TimedArrivals_SameStatusesAsNginx()
    {
        // rate 2r/s, burst 1, nodelay: (ms after the first, expected) 0: passes, 0: passes (excess 1), 0: refused,
        // 250: refused (1.5), 600: passes (0.8), 700: refused (1.6), 1300: passes (0.4).
        int[] arrivals = [0, 0, 0, 250, 600, 700, 1300];
        var start = DateTime.UtcNow;
        var nginx = new List<string>();
        var ours = new List<string>();
        foreach (var at in arrivals)
        {
            var wait = start.AddMilliseconds(at) - DateTime.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var (n, o) = await BothAsync("/nodelay?k=timed");
            nginx.Add(n);
            ours.Add(o);
        }
        Assert.Equal(nginx, ours);
        Assert.Contains("503 REJECTED", ours);
        Assert.Contains("200 PASSED", ours);
    }

    [Fact]
    public async Task Refusal_StatusAndLogLineAsNginx()
    {
        var first = await BothAsync("/slow?k=log");
        Assert.Equal(first.Nginx, first.Ours);
        var (nginx, ours) = await BothAsync("/slow?k=log");
        Assert.Equal(nginx, ours);
        Assert.Equal("429 REJECTED", ours);
        // The excess has leaked by the time between the two arrivals on each side: its digits are not compared.
        await Task.Delay(200);
        Assert.Equal(Lines(Pair.Nginx.ErrorLog, Pair.NginxPort(), "/slow?k=log"), Lines(Pair.Ours.ErrorLog, Pair.OurPort(), "/slow?k=log"));
        Assert.Matches(@"\[warn\] \d+#\d+: \*\d+ limiting requests, excess: \d\.\d{3} by zone ""slow"", client: 127\.0\.0\.1, server: , request: ""GET /slow\?k=log HTTP/1\.0"", host: ""localhost""", Pair.Ours.ErrorLog);
    }

    [Fact]
    public async Task TwoLimits_SameStatusesAsNginx()
    {
        // slow (no burst) refuses the second; other (burst 1) alone would let it through.
        var results = new List<(string, string)>();
        for (var i = 0; i < 3; i++) results.Add(await BothAsync("/both?k=two-limits"));
        results.Add(await BothAsync("/both"));
        Assert.All(results, r => Assert.Equal(r.Item1, r.Item2));
        Assert.Equal("503 REJECTED", results[1].Item2);
        Assert.Equal("200 ", results[3].Item2);
    }

    [Fact]
    public async Task DryRun_PassesAndSaysSo()
    {
        var first = await BothAsync("/dry?k=dry");
        var second = await BothAsync("/dry?k=dry");
        Assert.Equal(first.Nginx, first.Ours);
        Assert.Equal(second.Nginx, second.Ours);
        Assert.Equal("200 REJECTED_DRY_RUN", second.Ours);
        await Task.Delay(200);
        Assert.Equal(Lines(Pair.Nginx.ErrorLog, Pair.NginxPort(), "/dry?k=dry"), Lines(Pair.Ours.ErrorLog, Pair.OurPort(), "/dry?k=dry"));
    }

    [Fact]
    public async Task RefusedThenErrorPage_NotLimitedAgain()
    {
        await BothAsync("/redirected?k=page");
        var (nginx, ours) = await BothAsync("/redirected?k=page");
        Assert.Equal(nginx, ours);
    }

    [Fact]
    public async Task Delays_SameStatusesAsNginx()
    {
        // rate 2r/s, burst 2: the second and third wait (0.5 s, 1 s), the fourth is refused.
        async Task<RawResponse[]> Burst(int port)
        {
            var sent = new List<Task<RawResponse>>();
            for (var i = 0; i < 4; i++)
            {
                sent.Add(RawHttp.SendAsync(port, RawHttp.Get("/delay?k=burst")));
                await Task.Delay(30);
            }
            return await Task.WhenAll(sent);
        }
        // A first request of its own key through the same location: a cold process (JIT) can take longer than the
        // 30 ms between the burst's sends over its first request, and the second would then arrive first.
        await BothAsync("/delay?k=warm");
        var nginx = Burst(Pair.NginxPort());
        var ours = Burst(Pair.OurPort());
        var expected = (await nginx).Select(r => $"{r.Status} {r.Header("X-Req")}").ToList();
        var actual = (await ours).Select(r => $"{r.Status} {r.Header("X-Req")}").ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(["200 PASSED", "200 DELAYED", "200 DELAYED", "503 REJECTED"], actual);
        Assert.Matches(DelayLine(), Pair.Ours.ErrorLog);
    }

    [GeneratedRegex(@"\[warn\] \d+#\d+: \*\d+ delaying request, excess: \d\.\d{3}, by zone ""two"", client: 127\.0\.0\.1")]
    private static partial Regex DelayLine();

    [Fact]
    public async Task FullZone_EvictsLeastRecentlyUsedAfterAsManyKeysAsNginx()
    {
        // 32 KiB: nginx's slab allocator has room for 191 such keys; the 192nd evicts the least recently used,
        // silently on both sides (no error-log line).
        var statuses = new List<(string, string)>();
        for (var i = 0; i < 191; i++) await BothAsync($"/tiny?k=a{i}");
        statuses.Add(await BothAsync("/tiny?k=a0"));   // still there: refused, and now the most recent
        statuses.Add(await BothAsync("/tiny?k=a191")); // zone full: a1 goes
        statuses.Add(await BothAsync("/tiny?k=a1"));   // new again: passes (a2 goes)
        statuses.Add(await BothAsync("/tiny?k=a0"));   // kept
        statuses.Add(await BothAsync("/tiny?k=a3"));
        Assert.All(statuses, s => Assert.Equal(s.Item1, s.Item2));
        Assert.Equal(["503 REJECTED", "200 PASSED", "200 PASSED", "503 REJECTED"], statuses.Take(4).Select(s => s.Item2));
        const string full = "ngx_slab_alloc() failed: no memory in limit_req zone \"tiny\"";
        Assert.Equal(Count(Pair.Nginx.ErrorLog, full), Count(Pair.Ours.ErrorLog, full));
    }

    private static List<string> Lines(string log, int port, string target) =>
        AccessLogLines.For(log, target, port).Select(l => Excess().Replace(l, "excess: N")).ToList();

    [GeneratedRegex(@"excess: \d+\.\d{3}")]
    private static partial Regex Excess();

    private static int Count(string log, string text) => log.Split('\n').Count(l => l.Contains("[crit]") && l.Contains(text));
}
