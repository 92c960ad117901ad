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

    /// <summary>
    /// run says at start-up, once each, what check says about directives it accepts but ignores: on stderr
    /// and in the error log at [warn], in nginx's line format; -t prints the same line, check its own form.
    /// </summary>
    [Fact]
    public async Task Run_IgnoredDirective_WarnsOnceAtStart_AsCheckAndTDo()
    {
        var port = FreePort.Next();
        var directory = TempDirectory.Create("run-warn-");
        var site = Path.Combine(directory, "example");
        File.WriteAllText(site, $"events {{}}\nerror_log {directory}/error.log warn;\nhttp {{ server {{\n    listen 127.0.0.1:{port};\n    http2_chunk_size 8k;\n    location / {{ http2_chunk_size 8k; return 200 \"ok\"; }}\n}} }}\n");
        const string warning = "[warn] \"http2_chunk_size\" directive is ignored by proxyserver";
        using (var process = ManagedProcess.Start("dotnet", [ProxyServerInstance.Dll, "run", site], directory))
        {
            FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(20));
            Assert.Equal("ok", (await RawHttp.SendAsync(port, RawHttp.Get("/"))).Body);
            process.Signal("TERM");
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)));
            // Once (two http2_chunk_size lines, one warning). The error log (run's default: stderr, level error) takes it only at warn or below.
            var lines = process.StandardError.Split('\n').Where(l => l.Contains("\"http2_chunk_size\" directive")).ToList();
            Assert.Single(lines);
            Assert.StartsWith("proxyserver: " + warning, lines[0]);
            Assert.Contains($" in {site}:5", lines[0]);
            Assert.Contains(File.ReadAllLines(Path.Combine(directory, "error.log")), l => l.Contains(" [warn] ") && l.Contains(warning[7..]) && l.Contains($" in {site}:5"));
        }

        var t = CheckCommandTests.Run("-t", "-c", site);
        Assert.Equal(0, t.ExitCode);
        Assert.Contains("proxyserver: " + warning, t.Stderr);
        Assert.Contains($" in {site}:5", t.Stderr);
        var check = CheckCommandTests.Run("check", site);
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("\"http2_chunk_size\" directive is ignored by proxyserver", check.Stdout);
    }

    /// <summary>An error only the compile finds (nginx -t finds it too) fails check, -t and run alike.</summary>
    [Fact]
    public void UnknownVariable_RefusedByCheckTAndRun()
    {
        var directory = TempDirectory.Create("run-var-");
        var site = Path.Combine(directory, "example");
        File.WriteAllText(site, "server {\n    listen 127.0.0.1:1;\n    location / { return 200 $no_such_var; }\n}\n");
        var message = $"unknown \"no_such_var\" variable";
        var check = CheckCommandTests.Run("check", site);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"{site}:3:", check.Stdout);
        Assert.Contains(message, check.Stdout);
        var t = CheckCommandTests.Run("-t", "-c", site);
        Assert.Equal(1, t.ExitCode);
        Assert.Contains($"proxyserver: [emerg] {message} in {site}:3", t.Stderr);
        using var process = ManagedProcess.Start("dotnet", [ProxyServerInstance.Dll, "run", site], directory);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"proxyserver: [emerg] {message} in {site}:3", process.StandardError);
    }
}
