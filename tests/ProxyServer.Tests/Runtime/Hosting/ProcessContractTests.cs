using System.Net;
using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Hosting;

/// <summary>nginx's process contract: pid file after binding, exit codes, signals, reload, log reopening.</summary>
public sealed class ProcessContractTests
{
    private static string Config(int port, string body = "return 200 \"ok $request_uri\";", string extraHttp = "") => $$"""
        daemon off;
        events {
        }
        pid nginx.pid;
        http {
            access_log access.log;
            {{extraHttp}}
            server {
                listen 127.0.0.1:{{port}};
                location / { {{body}} }
            }
        }
        """;

    [Fact]
    public async Task StartedLikeNginxTestHarness_ServesHttp10_StopsOnQuit_LogsAccess()
    {
        var port = FreePort.Next();
        var prefix = TempDirectory.Create("harness-");
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), Config(port));
        using var server = ProxyServerInstance.StartInPrefix(prefix, "nginx.conf");
        Assert.Equal(server.Process.Pid.ToString(), File.ReadAllText(Path.Combine(prefix, "nginx.pid")).Trim());

        var response = await RawHttp.SendAsync(port, "GET /hello?x=1 HTTP/1.0\r\n\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal("ok /hello?x=1", response.Body);

        Assert.True(server.StopWith("QUIT", TimeSpan.FromSeconds(10)), "QUIT did not stop the server");
        Assert.Equal(0, server.Process.ExitCode);
        Assert.False(File.Exists(Path.Combine(prefix, "nginx.pid")), "pid file left behind");
        var access = File.ReadAllText(Path.Combine(prefix, "access.log"));
        Assert.Matches(@"^127\.0\.0\.1 - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] ""GET /hello\?x=1 HTTP/1\.0"" 200 13 ""-"" ""-""\n$", access);
        Assert.DoesNotContain("[alert]", ProxyServerInstance.ReadShared(Path.Combine(prefix, "error.log")));
    }

    /// <summary>
    /// nginx's test suite (Test::Nginx's try_run) starts the binary with stderr closed. The start-up warnings
    /// (daemon is ignored) then go nowhere, as nginx's do; .NET's write to the closed descriptor killed us.
    /// </summary>
    [Fact]
    public async Task StartedWithStderrClosed_WarnsIntoNothing_AndServes()
    {
        var port = FreePort.Next();
        var prefix = TempDirectory.Create("closed-stderr-");
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), Config(port));
        using var process = ManagedProcess.Start("/bin/sh",
            ["-c", $"exec dotnet '{ProxyServerInstance.Dll}' -p '{prefix}/' -c nginx.conf -e error.log 2>&-"], prefix);
        var pid = Path.Combine(prefix, "nginx.pid");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!File.Exists(pid) && !process.HasExited && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.False(process.HasExited, $"exited with {(process.HasExited ? process.ExitCode : 0)} before serving");
        Assert.True(File.Exists(pid), "no pid file: not serving");
        Assert.Equal("ok /x", (await RawHttp.SendAsync(port, RawHttp.Get("/x"))).Body);
        process.Signal("QUIT");
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), "QUIT did not stop the server");
        TempDirectory.TryDelete(prefix);
    }

    [Fact]
    public void ConfigError_ExitsWithOne_BeforeAnyPidFile()
    {
        var port = FreePort.Next();
        var prefix = TempDirectory.Create("bad-");
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), Config(port, "return abc;"));
        using var process = ManagedProcess.Start("dotnet", [ProxyServerInstance.Dll, "-p", prefix + "/", "-c", "nginx.conf", "-e", "error.log"], prefix);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, process.ExitCode);
        Assert.False(File.Exists(Path.Combine(prefix, "nginx.pid")));
        Assert.Contains("[emerg] invalid return code \"abc\" in " + Path.Combine(prefix, "nginx.conf") + ":", process.StandardError);
        Assert.Matches(@"\[emerg\] \d+#\d+: invalid return code ""abc"" in ", ProxyServerInstance.ReadShared(Path.Combine(prefix, "error.log")));
    }

    [Fact]
    public async Task Hup_ReloadsValidConfig_KeepsOldOnInvalid_AndTermStops()
    {
        var port = FreePort.Next();
        var prefix = TempDirectory.Create("reload-");
        var config = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(config, Config(port, "return 200 \"first\";"));
        using var server = ProxyServerInstance.StartInPrefix(prefix, "nginx.conf");
        Assert.Equal("first", (await RawHttp.SendAsync(port, RawHttp.Get("/"))).Body);

        File.WriteAllText(config, Config(port, "return 200 \"second\";"));
        server.Process.Signal("HUP");
        await ServedBody.WaitForAsync(port, "/", "second");

        File.WriteAllText(config, Config(port, "return abc;"));
        server.Process.Signal("HUP");
        await Task.Delay(1000);
        Assert.Equal("second", (await RawHttp.SendAsync(port, RawHttp.Get("/"))).Body);
        Assert.Contains("[emerg]", ProxyServerInstance.ReadShared(Path.Combine(prefix, "error.log")));

        Assert.True(server.StopWith("TERM", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Hup_WithNewListenPort_BindsIt_AndReleasesTheOldOne()
    {
        var first = FreePort.Next();
        var second = FreePort.Next();
        var prefix = TempDirectory.Create("relisten-");
        var config = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(config, Config(first, "return 200 \"on first\";"));
        using var server = ProxyServerInstance.StartInPrefix(prefix, "nginx.conf");
        Assert.Equal("on first", (await RawHttp.SendAsync(first, RawHttp.Get("/"))).Body);

        File.WriteAllText(config, Config(second, "return 200 \"on second\";"));
        server.Process.Signal("HUP");
        FreePort.WaitUntilListening(second, TimeSpan.FromSeconds(10));
        Assert.Equal("on second", (await RawHttp.SendAsync(second, RawHttp.Get("/"))).Body);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (IsListening(first) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.False(IsListening(first), "the old port is still bound after the reload");
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Usr1_ReopensAccessLog()
    {
        var port = FreePort.Next();
        var prefix = TempDirectory.Create("reopen-");
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), Config(port));
        using var server = ProxyServerInstance.StartInPrefix(prefix, "nginx.conf");
        await RawHttp.SendAsync(port, RawHttp.Get("/before"));
        File.Move(Path.Combine(prefix, "access.log"), Path.Combine(prefix, "access.log.1"));
        server.Process.Signal("USR1");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!File.Exists(Path.Combine(prefix, "access.log")) && DateTime.UtcNow < deadline) await Task.Delay(50);
        await RawHttp.SendAsync(port, RawHttp.Get("/after"));
        Assert.Contains("/before", File.ReadAllText(Path.Combine(prefix, "access.log.1")));
        Assert.Contains("/after", ProxyServerInstance.ReadShared(Path.Combine(prefix, "access.log")));
        Assert.DoesNotContain("/after", File.ReadAllText(Path.Combine(prefix, "access.log.1")));
    }

    [Fact]
    public async Task Quit_LetsRequestInFlightFinish()
    {
        using var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        var backendPort = ((IPEndPoint)backend.LocalEndpoint).Port;
        // The backend answers only when the test says so: the QUIT lands while the request is
        // provably in flight, however loaded the machine (a fixed delay raced the request).
        var requestArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = Task.Run(async () =>
        {
            using var client = await backend.AcceptTcpClientAsync();
            var stream = client.GetStream();
            await stream.ReadAtLeastAsync(new byte[4096], 1);
            requestArrived.SetResult();
            await answer.Task;
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nslow"));
        });

        var port = FreePort.Next();
        var prefix = TempDirectory.Create("quit-");
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), Config(port, $"proxy_pass http://127.0.0.1:{backendPort};"));
        using var server = ProxyServerInstance.StartInPrefix(prefix, "nginx.conf");
        var request = RawHttp.SendAsync(port, RawHttp.Get("/slow"));
        await requestArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        server.Process.Signal("QUIT");
        await Task.Delay(500); // the QUIT is being handled while the backend still holds the answer
        answer.SetResult();
        var response = await request;
        Assert.Equal(200, response.Status);
        Assert.Equal("slow", response.Body);
        Assert.True(server.Process.WaitForExit(TimeSpan.FromSeconds(10)));
        await slow;
    }

    [Fact]
    public async Task SignalFlag_ReloadAndQuit_ReachTheRunningInstance()
    {
        var port = FreePort.Next();
        var prefix = TempDirectory.Create("signal-");
        var config = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(config, Config(port, "return 200 \"one\";"));
        using var server = ProxyServerInstance.StartInPrefix(prefix, "nginx.conf");

        File.WriteAllText(config, Config(port, "return 200 \"two\";"));
        Assert.Equal(0, RunCli(prefix, "-s", "reload"));
        await ServedBody.WaitForAsync(port, "/", "two");

        Assert.Equal(0, RunCli(prefix, "-s", "quit"));
        Assert.True(server.Process.WaitForExit(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void SignalFlag_ReadsOnlyWhatItNeeds_NoDnsLookupForResolveServers()
    {
        // A DNS server that never answers: a signaller that built the http part would ask it
        // (and wait resolver_timeout) before even reading the pid file.
        using var dns = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var dnsPort = ((IPEndPoint)dns.Client.LocalEndPoint!).Port;
        var prefix = TempDirectory.Create("signal-dns-");
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), Config(FreePort.Next(), "proxy_pass http://u;",
            $"resolver 127.0.0.1:{dnsPort}; upstream u {{ zone u 64k; server backend.invalid resolve; }}"));
        using (var exited = ManagedProcess.Start("true", []))
        {
            Assert.True(exited.WaitForExit(TimeSpan.FromSeconds(10)));
            File.WriteAllText(Path.Combine(prefix, "nginx.pid"), exited.Pid + "\n");
        }

        using var signaller = ManagedProcess.Start("dotnet", [ProxyServerInstance.Dll, "-p", prefix + "/", "-c", "nginx.conf", "-s", "reload"], prefix);
        Assert.True(signaller.WaitForExit(TimeSpan.FromSeconds(20)));

        Assert.Equal(1, signaller.ExitCode);
        Assert.Contains("[alert] kill(", signaller.StandardError);
        Assert.Equal(0, dns.Available);
    }

    [Fact]
    public void VersionFlags_AreNginxShaped()
    {
        using var v = ManagedProcess.Start("dotnet", [ProxyServerInstance.Dll, "-v"]);
        Assert.True(v.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.StartsWith("nginx version: proxyserver/", v.StandardError);

        using var big = ManagedProcess.Start("dotnet", [ProxyServerInstance.Dll, "-V"]);
        Assert.True(big.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Matches("(?m)^configure arguments: .*--with-debug .*--without-http_userid_module", big.StandardError);
        Assert.Matches("(?m)^configure arguments: .*--with-http_sub_module", big.StandardError);
    }

    private static int RunCli(string prefix, params string[] arguments)
    {
        using var process = ManagedProcess.Start("dotnet", [ProxyServerInstance.Dll, "-p", prefix + "/", "-c", "nginx.conf", .. arguments], prefix);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)));
        return process.ExitCode;
    }

}
