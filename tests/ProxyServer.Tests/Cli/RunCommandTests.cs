using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Cli;

/// <summary><c>proxyserver run FILE</c>: a whole nginx.conf or a sites-available file (served inside http {}).</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_SitesAvailableFile_ServesItsServers_UntilTerm()
    {
        var port = FreePort.Next();
        var directory = TempDirectory.Create("run-");
        var site = Path.Combine(directory, "example");
        File.WriteAllText(site, $"server {{\n    listen 127.0.0.1:{port};\n    location / {{ return 200 \"site $uri\"; }}\n}}\n");
        using var process = ManagedProcess.Start("dotnet", [ProxyServerInstance.Dll, "run", site], directory);
        try
        {
            FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(20));
        }
        catch (System.Net.Sockets.SocketException)
        {
            Assert.Fail("did not listen: " + process.StandardError);
        }
        var response = await RawHttp.SendAsync(port, RawHttp.Get("/hello"));
        Assert.Equal("site /hello", response.Body);
        process.Signal("TERM");
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("\"GET /hello HTTP/1.0\" 200 11", process.StandardOutput);
    }

    [Fact]
    public void Run_BrokenFile_ExitsOneWithNginxMessage()
    {
        var directory = TempDirectory.Create("run-bad-");
        var site = Path.Combine(directory, "broken");
        File.WriteAllText(site, "server {\n    listen 127.0.0.1:1;\n    location / { return 200 \"x\" }\n}\n");
        using var process = ManagedProcess.Start("dotnet", [ProxyServerInstance.Dll, "run", site], directory);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("[emerg]", process.StandardError);
        Assert.Contains(site, process.StandardError);
    }
}
