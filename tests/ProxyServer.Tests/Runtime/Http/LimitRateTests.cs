using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// <c>limit_rate</c>, <c>limit_rate_after</c>, <c>$limit_rate</c> (also set with <c>set</c>), <c>X-Accel-Limit-Rate</c>
/// and <c>proxy_limit_rate</c> against the real nginx: the paced body arrives whole, <c>$limit_rate</c> reads the
/// same in the response head (0: nginx evaluates the rate at the first body write) and in the access log (the
/// rate in force), a value that is no size gets nginx's error-log line. The pace itself is measured by
/// bench/perf (no durations are asserted here).
/// </summary>
public sealed class LimitRateTests(LimitRateTests.Servers servers) : IClassFixture<LimitRateTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            log_format rate '$request_uri $limit_rate';
            server {
                listen 127.0.0.1:{{P1}};
                location /accel { add_header X-Accel-Limit-Rate $arg_xal; alias /usr/share/common-licenses/GPL-3; }
            }
            server {
                listen 127.0.0.1:{{P0}};
                access_log rate.log rate;
                add_header X-Rate $limit_rate always;
                location /fixed { limit_rate 200k; limit_rate_after 4k; alias /usr/share/common-licenses/GPL-3; }
                location /variable { limit_rate $arg_l; limit_rate_after $arg_a; alias /usr/share/common-licenses/GPL-3; }
                location /set { set $limit_rate $arg_l; alias /usr/share/common-licenses/GPL-3; }
                location /proxied { proxy_pass http://127.0.0.1:{{P1}}/accel; proxy_limit_rate 300k; }
                location /off { limit_rate 0; alias /usr/share/common-licenses/GPL-3; }
            }
            """, portCount: 2);

        public void Dispose() => Pair.Dispose();
    }

    private DifferentialPair Pair => servers.Pair;

    [Theory]
    [InlineData("/fixed")]
    [InlineData("/variable?l=150k&a=1k")]
    [InlineData("/variable?l=bogus&a=1k")]
    [InlineData("/variable")]
    [InlineData("/set?l=100k")]
    [InlineData("/set?l=x1")]
    [InlineData("/proxied?xal=120000")]
    [InlineData("/proxied?xal=fast")]
    [InlineData("/off")]
    public async Task PacedBody_SameBodyHeadAndLogsAsNginx(string target)
    {
        var (nginx, ours) = await Pair.SendAsync(RawHttp.Get(target));
        Assert.Equal(200, nginx.Status);
        Assert.Equal((nginx.Status, nginx.Header("X-Rate"), nginx.Header("X-Accel-Limit-Rate"), nginx.Body), (ours.Status, ours.Header("X-Rate"), ours.Header("X-Accel-Limit-Rate"), ours.Body));
        Assert.Equal(await LoggedRateAsync(Pair.Nginx.Prefix, target), await LoggedRateAsync(Pair.Ours.Prefix, target));
        await Access.AccessLogLines.AssertSameAsync(Pair, target);
    }

    /// <summary>The access-log lines of <paramref name="target"/> (ours are written a moment after the response).</summary>
    private static async Task<List<string>> LoggedRateAsync(string prefix, string target)
    {
        var file = Path.Combine(prefix, "rate.log");
        for (var wait = 0; ; wait++)
        {
            var lines = File.Exists(file) ? File.ReadAllLines(file).Where(l => l.StartsWith(target + " ", StringComparison.Ordinal)).ToList() : [];
            if (lines.Count > 0 || wait == 30) return lines;
            await Task.Delay(100);
        }
    }
}
