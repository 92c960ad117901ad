using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Hosting;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Hosting;

/// <summary>
/// Nothing a serving process holds is process-wide: two <see cref="ServerProcess"/>es in this one test
/// process, different configs and ports, each serve their own config, count their own connections
/// (stub_status), write their own error log, and stop on their own.
/// </summary>
public sealed class TwoProcessesTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("two-processes-");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    private (ServerProcess Process, Task<int> Running) Start(string name, int port)
    {
        var prefix = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        var config = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(config, $$"""
            events {}
            error_log {{prefix}}/error.log info;
            http {
                access_log {{prefix}}/access.log;
                server {
                    listen 127.0.0.1:{{port}};
                    location = /status { stub_status; }
                    location / { return 200 "{{name}} $connections_active\n"; }
                }
            }
            """);
        var source = new ConfigSource(config, new CompileOptions { Prefix = prefix, DefaultPidPath = "" });
        var process = new ServerProcess(source.Compile, TextWriter.Null) { HandleSignals = false };
        return (process, Task.Run(() => process.RunAsync(null)));
    }

    [Fact]
    public async Task TwoProcesses_OneTestProcess_EachServesItsOwnConfig_AndCountsItsOwn()
    {
        int portA = FreePort.Next(), portB = FreePort.Next();
        var (a, runningA) = Start("a", portA);
        var (b, runningB) = Start("b", portB);
        Assert.True(await a.Serving.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.True(await b.Serving.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.NotSame(a.Cycle, b.Cycle);

        for (var i = 0; i < 3; i++)
            Assert.Equal("a 1\n", (await RawHttp.SendAsync(portA, RawHttp.Get("/", "x"))).Body);
        Assert.Equal("b 1\n", (await RawHttp.SendAsync(portB, RawHttp.Get("/", "x"))).Body);

        // Each counts only its own: a served 4 requests on 4 connections, b 2 on 2 (this one included).
        var statusA = (await RawHttp.SendAsync(portA, RawHttp.Get("/status", "x"))).Body;
        var statusB = (await RawHttp.SendAsync(portB, RawHttp.Get("/status", "x"))).Body;
        Assert.Contains(" 4 4 4 \n", statusA);
        Assert.Contains(" 2 2 2 \n", statusB);

        // Each reloads its own config; the other keeps serving as it was.
        var configA = Path.Combine(_dir, "a", "nginx.conf");
        File.WriteAllText(configA, File.ReadAllText(configA).Replace("\"a $connections_active", "\"a2 $connections_active"));
        Assert.True(await a.ReloadAsync());
        Assert.Equal("a2 1\n", (await RawHttp.SendAsync(portA, RawHttp.Get("/", "x"))).Body);
        Assert.Equal("b 1\n", (await RawHttp.SendAsync(portB, RawHttp.Get("/", "x"))).Body);

        a.Stop(graceful: true);
        Assert.Equal(0, await runningA.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("b 1\n", (await RawHttp.SendAsync(portB, RawHttp.Get("/", "x"))).Body);
        b.Stop(graceful: true);
        Assert.Equal(0, await runningB.WaitAsync(TimeSpan.FromSeconds(20)));

        // Each wrote its own logs.
        Assert.Contains("reconfiguring", File.ReadAllText(Path.Combine(_dir, "a", "error.log")));
        Assert.DoesNotContain("reconfiguring", File.ReadAllText(Path.Combine(_dir, "b", "error.log")));
        Assert.Equal(5, File.ReadAllLines(Path.Combine(_dir, "a", "access.log")).Length);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_dir, "b", "access.log")).Length);
    }
}
