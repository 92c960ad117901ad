using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Cli;

/// <summary>
/// Feedback where work is long: <c>check</c> says what it read on stderr (stdout stays diagnostics and
/// the verdict; <c>-t</c> stays nginx's two lines), and <c>run</c> prints what it read and one line per
/// listener once it serves.
/// </summary>
public sealed partial class ProgressLineTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("progress-");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [GeneratedRegex(@"^proxyserver: read (?<counts>.*) in \d+ ms$", RegexOptions.Multiline)]
    private static partial Regex ReadLine();

    /// <summary>A main file, a sites directory of 3 files included by glob, one included twice by two servers.</summary>
    private string WriteTree(int port1, int port2)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "sites"));
        File.WriteAllText(Path.Combine(_dir, "sites", "a.conf"), $$"""
            upstream app { server 127.0.0.1:1; }
            server { listen 127.0.0.1:{{port1}}; server_name a; location / { include common.inc; } location /x { } }
            """);
        File.WriteAllText(Path.Combine(_dir, "sites", "b.conf"), $$"""
            server { listen 127.0.0.1:{{port1}}; server_name b; location / { include common.inc; } }
            server { listen 127.0.0.1:{{port2}}; server_name c; }
            """);
        File.WriteAllText(Path.Combine(_dir, "common.inc"), "return 200 ok;\n");
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, """
            events {}
            http {
                access_log off;
                include sites/*.conf;
            }
            """);
        return main;
    }

    // events, http, access_log (3); upstream and its server (2); 3 servers with listen and server_name (9);
    // 3 locations (3); the included return, counted at each of its 2 includes (2): 19.
    private const string Counts = "4 files, 19 directives, 3 servers, 3 locations, 1 upstream";

    [Fact]
    public void Check_reports_what_it_read_on_stderr()
    {
        var main = WriteTree(FreePort.Next(), FreePort.Next());
        var (exit, stdout, stderr) = CheckCommandTests.Run("check", main);
        Assert.Equal(0, exit);
        Assert.Equal(Counts, ReadLine().Match(stderr).Groups["counts"].Value);
        Assert.DoesNotContain("read ", stdout);

        // nginx's -t keeps nginx's output: nothing but its two lines.
        (exit, _, stderr) = CheckCommandTests.Run("-t", "-c", main);
        Assert.Equal($"proxyserver: the configuration file {main} syntax is ok\nproxyserver: configuration file {main} test is successful\n", stderr);
    }

    /// <summary>A sites file is read inside http {} as run reads it; the lines it is read through are not counted.</summary>
    [Fact]
    public void Check_of_a_sites_file_counts_only_its_own_directives()
    {
        var site = Path.Combine(_dir, "site");
        File.WriteAllText(site, "server { listen 127.0.0.1:1; location / { return 204; } }\n");
        var (exit, _, stderr) = CheckCommandTests.Run("check", site);
        Assert.Equal(0, exit);
        Assert.Equal("1 file, 4 directives, 1 server, 1 location, 0 upstreams", ReadLine().Match(stderr).Groups["counts"].Value);
    }

    [Fact]
    public void Run_prints_what_it_read_and_one_line_per_listener()
    {
        var (port1, port2) = (FreePort.Next(), FreePort.Next());
        var main = WriteTree(port1, port2);
        using var process = ManagedProcess.Start("dotnet", [ProxyServerInstance.Dll, "run", main], _dir);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!process.StandardError.Contains($"listening on 127.0.0.1:{port2}") && DateTime.UtcNow < deadline && !process.HasExited)
            Thread.Sleep(20);
        var stderr = process.StandardError;
        Assert.Equal(Counts, ReadLine().Match(stderr).Groups["counts"].Value);
        Assert.Contains($"proxyserver: listening on 127.0.0.1:{port1}: 2 servers, default \"a\"\n", stderr);
        Assert.Contains($"proxyserver: listening on 127.0.0.1:{port2}: 1 server, default \"c\"\n", stderr);
        process.Signal("TERM");
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Nginx_style_start_logs_counts_and_listeners_at_notice_and_prints_only_warnings()
    {
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp($"server {{ listen 127.0.0.1:{port}; server_name one; location / {{ return 204; }} }}");
        // ProxyServerInstance waits for the pid file, written after these lines.
        var log = proxy.ErrorLog;
        Assert.Matches(@"\[notice\] \d+#\d+: read 1 file, \d+ directives, 1 server, 1 location, 0 upstreams in \d+ ms\n", log);
        Assert.Matches($@"\[notice\] \d+#\d+: listening on 127\.0\.0\.1:{port}: 1 server, default ""one""\n", log);
        // As nginx at start-up: nothing on stderr but "[warn]" lines (here: directives of the harness we ignore, such as daemon).
        Assert.All(proxy.Process.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            line => Assert.StartsWith("proxyserver: [warn] ", line));
    }
}
