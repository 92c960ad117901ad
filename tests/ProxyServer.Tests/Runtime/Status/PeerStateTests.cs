using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Health;

namespace ProxyServer.Tests.Runtime.Status;

/// <summary>
/// Peer states as configured: <c>down</c> and NGINX Plus's <c>drain</c> take no requests and show as
/// "down" and "draining"; a reload without <c>drain</c> brings the peer back, the operator's workflow.
/// </summary>
public sealed class PeerStateTests
{
    [Fact]
    public async Task Drain_and_down_take_no_requests_until_reloaded_without_them()
    {
        var ports = Enumerable.Range(0, 3).Select(_ => FreePort.Next()).ToArray();
        using var backends = NginxInstance.StartHttp(string.Join('\n', ports.Select((p, i) =>
            $$"""server { listen 127.0.0.1:{{p}}; location / { return 200 "{{(char)('a' + i)}}\n"; } }""")), ports);
        var port = FreePort.Next();
        string Config(string drain) => $$"""
            upstream app {
                server 127.0.0.1:{{ports[0]}};
                server 127.0.0.1:{{ports[1]}} {{drain}};
                server 127.0.0.1:{{ports[2]}} down;
            }
            server {
                listen 127.0.0.1:{{port}};
                location / { proxy_pass http://app; }
                location = /status { status_api; }
            }
            """;
        using var proxy = ProxyServerInstance.StartHttp(Config("drain"));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        for (var i = 0; i < 6; i++) Assert.Equal("a\n", await client.GetStringAsync("/"));
        Assert.Equal("up", await PeerStates.StateAsync(client, "/status", "app", $"127.0.0.1:{ports[0]}"));
        Assert.Equal("draining", await PeerStates.StateAsync(client, "/status", "app", $"127.0.0.1:{ports[1]}"));
        Assert.Equal("down", await PeerStates.StateAsync(client, "/status", "app", $"127.0.0.1:{ports[2]}"));

        var text = File.ReadAllText(proxy.ConfigPath);
        File.WriteAllText(proxy.ConfigPath, text.Replace(Config("drain"), Config("")));
        proxy.Process.Signal("HUP");
        await PeerStates.WaitForAsync(client, "/status", "app", $"127.0.0.1:{ports[1]}", "up", TimeSpan.FromSeconds(10));
        var answers = new List<string>();
        for (var i = 0; i < 6; i++) answers.Add(await client.GetStringAsync("/"));
        Assert.Equal(3, answers.Count(a => a == "b\n"));
    }
}
