using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Upstream;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>least_time (ours: NGINX Plus has it, nginx does not) through the real server: traffic shifts to the fast peer.</summary>
public sealed class LeastTimeEndToEndTests
{
    [Theory]
    [InlineData("header")]
    [InlineData("last_byte inflight")]
    public async Task TrafficShifts_ToTheFastBackend(string parameters)
    {
        using var slow = new DelayedBackend(TimeSpan.FromMilliseconds(150));
        using var fast = new DelayedBackend(TimeSpan.Zero);
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp($$"""
            upstream timed {
                least_time {{parameters}};
                server 127.0.0.1:{{slow.Port}};
                server 127.0.0.1:{{fast.Port}};
            }
            server { listen 127.0.0.1:{{port}}; location / { proxy_pass http://timed; } }
            """);
        FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(10));

        var answers = new List<string>();
        for (var i = 0; i < 20; i++) answers.Add((await SourceBoundHttp.GetAsync(port, $"/r{i}")).Body);

        // each peer is measured once, then the fast one takes everything
        Assert.Equal(1, answers.Count(a => a == slow.Port.ToString()));
        Assert.Equal(19, answers.Count(a => a == fast.Port.ToString()));
    }
}
