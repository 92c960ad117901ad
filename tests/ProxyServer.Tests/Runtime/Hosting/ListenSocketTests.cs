using System.Net;
using System.Net.Sockets;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Hosting;

/// <summary>
/// Listen sockets as ngx_open_listening_sockets binds them, side by side with nginx: SO_REUSEPORT only for
/// <c>listen ... reuseport</c>, a port another process holds fails the start (five tries 500 ms apart, then
/// <c>still could not bind()</c>) and fails a reload (the old configuration keeps serving).
/// </summary>
public sealed class ListenSocketTests
{
    public static TheoryData<string> Servers() => new() { "nginx", "proxyserver" };

    private static string Config(string listens, string body) => $$"""
        daemon off;
        events {
        }
        pid nginx.pid;
        http {
            access_log off;
            server {
                {{listens}}
                location / { return 200 "{{body}}"; }
            }
        }
        """;

    /// <summary>Binds and listens on 127.0.0.1:<paramref name="port"/> as another service would, with SO_REUSEPORT when asked.</summary>
    private static Socket Hold(int port, bool reusePort)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetRawSocketOption(1, 2, BitConverter.GetBytes(1)); // SO_REUSEADDR
        if (reusePort) socket.SetRawSocketOption(1, 15, BitConverter.GetBytes(1)); // SO_REUSEPORT
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        socket.Listen(16);
        return socket;
    }

    /// <summary>Starts nginx or us in the foreground on a prefix holding <c>nginx.conf</c>, as nginx's test harness does.</summary>
    private static ManagedProcess Start(string server, string prefix) => server == "nginx"
        ? ManagedProcess.Start(NginxInstance.Binary, ["-p", prefix + "/", "-c", "nginx.conf", "-e", "error.log"], prefix)
        : ManagedProcess.Start("dotnet", [ProxyServerInstance.Dll, "-p", prefix + "/", "-c", "nginx.conf", "-e", "error.log"], prefix);

    private static async Task WaitForPidFile(ManagedProcess process, string prefix)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(Path.Combine(prefix, "nginx.pid")))
        {
            Assert.False(process.HasExited, "exited before serving: " + process.StandardError);
            Assert.True(DateTime.UtcNow < deadline, "not serving after 30 s");
            await Task.Delay(50);
        }
    }

    private static async Task<string> WaitForLogLine(string prefix, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var log = ProxyServerInstance.ReadShared(Path.Combine(prefix, "error.log"));
            if (log.Contains(text, StringComparison.Ordinal)) return log;
            Assert.True(DateTime.UtcNow < deadline, $"no \"{text}\" in the error log: {log}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Another service holds the port with SO_REUSEPORT: nginx (no reuseport) cannot bind and exits with 1 after
    /// five tries; .NET's ReuseAddress also set SO_REUSEPORT, so we bound beside it and took part of its connections.
    /// </summary>
    [Theory]
    [MemberData(nameof(Servers))]
    public void Start_OnAPortHeldWithReusePort_FailsAsNginx(string server)
    {
        var port = FreePort.Next();
        using var holder = Hold(port, reusePort: true);
        var prefix = TempDirectory.Create("held-port-");
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), Config($"listen 127.0.0.1:{port};", "ours"));
        using var process = Start(server, prefix);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "still running: it bound a port another process holds");
        Assert.Equal(1, process.ExitCode);
        var failed = $"[emerg] bind() to 127.0.0.1:{port} failed (98: Address already in use)";
        var stderr = process.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains("[emerg]", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]).ToList();
        Assert.Equal([.. Enumerable.Repeat(failed, 5), "[emerg] still could not bind()"], stderr);
        var log = ProxyServerInstance.ReadShared(Path.Combine(prefix, "error.log"));
        Assert.Equal(5, log.Split($"bind() to 127.0.0.1:{port} failed").Length - 1); // the "try again" lines are at notice, below the log's level
        Assert.False(File.Exists(Path.Combine(prefix, "nginx.pid")));
        TempDirectory.TryDelete(prefix);
    }

    /// <summary><c>listen ... reuseport</c> sets SO_REUSEPORT: the port is shared with the other reuseport socket, in nginx and here.</summary>
    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Start_WithReusePort_SharesAPortHeldWithReusePort(string server)
    {
        var port = FreePort.Next();
        using var holder = Hold(port, reusePort: true);
        var prefix = TempDirectory.Create("reuseport-");
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), Config($"listen 127.0.0.1:{port} reuseport;", "ours"));
        using var process = Start(server, prefix);
        await WaitForPidFile(process, prefix);
        Assert.DoesNotContain("bind()", ProxyServerInstance.ReadShared(Path.Combine(prefix, "error.log")));
        process.Signal("TERM");
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)));
        TempDirectory.TryDelete(prefix);
    }

    /// <summary>
    /// A reload whose new <c>listen</c> cannot be bound is refused as a whole, as ngx_init_cycle refuses it: the old
    /// configuration keeps answering on its socket and the error log says why. We used to serve the new
    /// configuration without that listener.
    /// </summary>
    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Reload_WhoseNewListenCannotBind_KeepsTheOldConfiguration(string server)
    {
        var serving = FreePort.Next();
        var held = FreePort.Next();
        using var holder = Hold(held, reusePort: true);
        var prefix = TempDirectory.Create("reload-held-");
        var config = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(config, Config($"listen 127.0.0.1:{serving};", "first"));
        using var process = Start(server, prefix);
        await WaitForPidFile(process, prefix);
        Assert.Equal("first", (await RawHttp.SendAsync(serving, RawHttp.Get("/"))).Body);

        File.WriteAllText(config, Config($"listen 127.0.0.1:{serving}; listen 127.0.0.1:{held};", "second"));
        process.Signal("HUP");
        var log = await WaitForLogLine(prefix, "still could not bind()");
        Assert.Matches($@"\[emerg\] \d+#\d+: bind\(\) to 127\.0\.0\.1:{held} failed \(98: Address already in use\)", log);
        Assert.Equal("first", (await RawHttp.SendAsync(serving, RawHttp.Get("/"))).Body);

        // The process still reloads once the port is free.
        File.WriteAllText(config, Config($"listen 127.0.0.1:{serving};", "third"));
        process.Signal("HUP");
        await ServedBody.WaitForAsync(serving, "/", "third");
        process.Signal("TERM");
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)));
        TempDirectory.TryDelete(prefix);
    }
}
