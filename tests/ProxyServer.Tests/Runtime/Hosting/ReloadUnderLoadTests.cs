using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Hosting;

/// <summary>
/// Reloads drop nothing: a bounded load loop (keep-alive clients through the proxy to a real nginx
/// backend) runs while the config is reloaded 50 times by HUP, every other time with a broken config.
/// Every request must succeed, broken configs must be refused and logged, the last valid one must serve.
/// </summary>
public sealed class ReloadUnderLoadTests
{
    private const int Reloads = 50;
    private const int Workers = 4;

    private static string Config(int port, int backendPort, string version, bool broken) => $$"""
        daemon off;
        events {
        }
        pid nginx.pid;
        http {
            access_log off;
            server {
                listen 127.0.0.1:{{port}};
                location / { proxy_pass http://127.0.0.1:{{backendPort}}; }
                location = /version { return 200 "{{version}}"; }
                {{(broken ? "location /broken { return abc; }" : "")}}
            }
        }
        """;

    [Fact]
    public async Task FiftyReloads_HalfBroken_UnderLoad_NoRequestFails()
    {
        var backendPort = FreePort.Next();
        using var backend = NginxInstance.StartHttp(
            $"server {{ listen 127.0.0.1:{backendPort}; location / {{ return 200 \"backend $request_uri\"; }} }}", backendPort);
        var port = FreePort.Next();
        var prefix = TempDirectory.Create("reload-load-");
        var config = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(config, Config(port, backendPort, "v0", broken: false));
        using var server = ProxyServerInstance.StartInPrefix(prefix, "nginx.conf");

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // bounds the loop whatever happens
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        long succeeded = 0;
        var load = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var path = $"/w{worker}/r{i}";
                try
                {
                    using var response = await client.GetAsync($"http://127.0.0.1:{port}{path}");
                    var body = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode == 200 && body == "backend " + path) Interlocked.Increment(ref succeeded);
                    else failures.Enqueue($"{path}: {(int)response.StatusCode} {body}");
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    failures.Enqueue($"{path}: {e.GetType().Name} {e.Message}");
                }
            }
        })).ToArray();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var lastValid = "v0";
        for (var reload = 1; reload <= Reloads; reload++)
        {
            var broken = reload % 2 == 0;
            var version = "v" + reload;
            File.WriteAllText(config, Config(port, backendPort, version, broken));
            server.Process.Signal("HUP");
            if (broken)
            {
                await Task.Delay(50);
            }
            else
            {
                lastValid = version;
                await ServedBody.WaitForAsync(port, "/version", version);
            }
        }
        var servedBeforeStop = Interlocked.Read(ref succeeded);
        await Task.Delay(200);
        stop.Cancel();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.True(servedBeforeStop >= Reloads, $"the load loop made only {servedBeforeStop} requests");
        Assert.Equal(lastValid, await probe.GetStringAsync($"http://127.0.0.1:{port}/version"));
        Assert.Contains("invalid return code \"abc\"", server.ErrorLog);
        Assert.True(server.StopWith("QUIT", TimeSpan.FromSeconds(10)));
    }
}
