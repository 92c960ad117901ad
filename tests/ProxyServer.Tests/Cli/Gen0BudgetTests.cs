using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Cli;

/// <summary>
/// A serving <c>proxyserver</c> runs with a 4 MB gen0 budget (issue #19: RSS under load): it re-execs itself once
/// with <c>DOTNET_GCgen0size</c> set, keeping its pid, unless the environment names a budget already.
/// </summary>
public sealed class Gen0BudgetTests
{
    [Fact]
    public async Task Serving_RunsWithTheLaunchersBudget_UnderItsOwnPid()
    {
        // A runner that sets the variable itself leaves nothing for the launcher to decide.
        if (Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is not null || Environment.GetEnvironmentVariable("COMPlus_GCgen0size") is not null) return;
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp($"server {{ listen 127.0.0.1:{port}; location / {{ return 200 \"ok\"; }} }}");
        FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(20));
        Assert.Equal("ok", (await RawHttp.SendAsync(port, RawHttp.Get("/"))).Body);

        Assert.Contains("DOTNET_GCgen0size=0x400000", EnvironOf(proxy.Process.Pid));
        // execve replaced the process: the pid file names the process that was started.
        Assert.Equal(proxy.Process.Pid.ToString(), File.ReadAllText(proxy.PidPath).Trim());
    }

    [Fact]
    public async Task BudgetInTheEnvironment_IsKept()
    {
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp($"server {{ listen 127.0.0.1:{port}; location / {{ return 200 \"ok\"; }} }}",
            new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0" });
        FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(20));
        Assert.Equal("ok", (await RawHttp.SendAsync(port, RawHttp.Get("/"))).Body);

        var environment = EnvironOf(proxy.Process.Pid);
        Assert.Contains("DOTNET_GCgen0size=0", environment);
        Assert.DoesNotContain("DOTNET_GCgen0size=0x400000", environment);
    }

    private static string[] EnvironOf(int pid) => File.ReadAllText($"/proc/{pid}/environ").Split('\0');
}
