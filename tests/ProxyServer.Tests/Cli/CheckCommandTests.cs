using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Cli;

/// <summary>
/// <c>proxyserver check</c> and nginx's <c>-t</c>/<c>-T</c> run as the real executable: exit codes, nginx's
/// two success lines, every diagnostic with its source line and caret, and one clear line for bad input.
/// </summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("check-");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    internal static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "proxyserver.dll");
        using var process = ManagedProcess.Start("dotnet", [dll, .. args]);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "proxyserver check did not finish");
        return (process.ExitCode, process.StandardOutput, process.StandardError);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ValidConfig_PrintsNginxsTwoLines_Exit0()
    {
        var path = Write("nginx.conf", "events {}\nhttp { server { listen 127.0.0.1:8080; location / { return 204; } } }\n");
        var (exit, stdout, _) = Run("check", path);
        Assert.Equal(0, exit);
        Assert.Equal(
            $"proxyserver: the configuration file {path} syntax is ok\nproxyserver: configuration file {path} test is successful\n",
            stdout);
    }

    [Fact]
    public void Errors_AreAllReported_WithSourceLineCaretAndSummary()
    {
        var path = Write("bad.conf", "events {}\nhttp {\n    server {\n        lisen 80;\n        location / { sendfile maybe; }\n    }\n}\n");
        var (exit, stdout, _) = Run("check", path);
        Assert.Equal(1, exit);
        Assert.Contains($"{path}:4:9: error: unknown directive \"lisen\"\n 4 |         lisen 80;\n   |         ^\n", stdout);
        Assert.Contains($"{path}:5:22: error: invalid value \"maybe\" in \"sendfile\" directive, it must be \"on\" or \"off\"", stdout);
        Assert.Contains("2 errors, 0 warnings", stdout);
        Assert.EndsWith($"proxyserver: configuration file {path} test failed\n", stdout);
    }

    [Fact]
    public void Fragment_IsCheckedAsHttpContent_AndContextCanBeForced()
    {
        var path = Write("sites-available/site", "server { listen 8080; location / { return 200; } }\n");
        Assert.Equal(0, Run("check", path).ExitCode);
        var (exit, stdout, _) = Run("check", path, "--context", "main");
        Assert.Equal(1, exit);
        Assert.Contains("error: \"server\" directive is not allowed here", stdout);
    }

    [Fact]
    public void Warnings_DoNotFailTheCheck()
    {
        var path = Write("site", "server { listen 8080; location / { proxy_pass http://$http_x_target; } }\n");
        var (exit, stdout, _) = Run("check", path);
        Assert.Equal(0, exit);
        Assert.Contains("warning: proxy_pass host is built from the request (\"$http_x_target\")", stdout);
        Assert.Contains("0 errors, 1 warning", stdout);
    }

    [Fact]
    public void NginxStyle_T_PrintsNginxLinesOnStderr()
    {
        var good = Write("good.conf", "events {}\n");
        var (exit, _, stderr) = Run("-t", "-c", good);
        Assert.Equal(0, exit);
        Assert.Equal($"proxyserver: the configuration file {good} syntax is ok\nproxyserver: configuration file {good} test is successful\n", stderr);

        var bad = Write("bad.conf", "events {}\nfoo;\n");
        (exit, _, stderr) = Run("-t", "-c", bad);
        Assert.Equal(1, exit);
        Assert.Equal($"proxyserver: [emerg] unknown directive \"foo\" in {bad}:2\nproxyserver: configuration file {bad} test failed\n", stderr);
    }

    [Fact]
    public void NginxStyle_Quiet_And_GlobalDirectives()
    {
        var path = Write("nginx.conf", "events {}\n");
        var (exit, stdout, stderr) = Run("-t", "-q", "-c", path);
        Assert.Equal((0, "", ""), (exit, stdout, stderr));
        (exit, _, stderr) = Run("-t", "-q", "-c", path, "-g", "daemon maybe;");
        Assert.Equal(1, exit);
        Assert.Contains("[emerg] invalid value \"maybe\" in \"daemon\" directive, it must be \"on\" or \"off\" in command line:1", stderr);
    }

    [Fact]
    public void NginxStyle_Dump_PrintsEveryFile()
    {
        var included = Write("conf.d/a.conf", "server { listen 8080; }\n");
        var path = Write("nginx.conf", "events {}\nhttp { include conf.d/*.conf; }\n");
        var (exit, stdout, _) = Run("-T", "-c", path);
        Assert.Equal(0, exit);
        Assert.Equal($"# configuration file {path}:\nevents {{}}\nhttp {{ include conf.d/*.conf; }}\n\n# configuration file {included}:\nserver {{ listen 8080; }}\n\n", stdout);
    }

    [Fact]
    public void MissingFile_OneLine_Exit1()
    {
        var (exit, stdout, stderr) = Run("check", Path.Combine(_dir, "nope.conf"));
        Assert.Equal(1, exit);
        Assert.StartsWith($"{Path.Combine(_dir, "nope.conf")}: error: open() \"{Path.Combine(_dir, "nope.conf")}\" failed (2: No such file or directory)\n", stdout);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public void Directory_BinaryGarbage_HugeFile_AreOneLineErrors()
    {
        var binary = Path.Combine(_dir, "binary.conf");
        File.WriteAllBytes(binary, [0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0xff, 0xfe]);
        var huge = Path.Combine(_dir, "huge.conf");
        using (var stream = File.Create(huge)) stream.SetLength(50L * 1024 * 1024);
        foreach (var (path, message) in new[]
                 {
                     (_dir, "is a directory, not a configuration file"),
                     (binary, "is binary data (NUL bytes), not a configuration file"),
                     (huge, "is 50 MB: larger than the 32 MB a configuration file may be"),
                 })
        {
            var (exit, stdout, stderr) = Run("check", path);
            Assert.Equal(1, exit);
            Assert.Contains(message, stdout);
            Assert.DoesNotContain("   at ", stdout + stderr);
        }
    }

    [Fact]
    public void IncludeGlobMatchingNothing_IsFine_IncludeCycle_IsAnError()
    {
        var ok = Write("glob.conf", "events {}\nhttp { include nothing-here/*.conf; }\n");
        Assert.Equal(0, Run("check", ok).ExitCode);

        Write("a.conf", "include b.conf;\n");
        Write("b.conf", "include a.conf;\n");
        var cycle = Write("cycle.conf", "events {}\ninclude a.conf;\n");
        var (exit, stdout, stderr) = Run("check", cycle);
        Assert.Equal(1, exit);
        Assert.Contains("include cycle", stdout);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    [Fact]
    public void BadContextOption_IsOneLine()
    {
        var path = Write("x.conf", "events {}\n");
        var (exit, _, stderr) = Run("check", path, "--context", "galaxy");
        Assert.Equal(1, exit);
        Assert.Equal("proxyserver: invalid --context \"galaxy\": expected main, http or server\n", stderr);
    }

    /// <summary>
    /// -g's directives are read before the file's, as nginx reads them (ngx_conf_param, then ngx_conf_parse):
    /// a pid in both is a duplicate at the file's line. nginx 1.22 prints the same message for this input.
    /// </summary>
    [Fact]
    public void GlobalDirectives_AreReadBeforeTheFile()
    {
        var path = Write("g/nginx.conf", $"pid {_dir}/y.pid;\nevents {{}}\nhttp {{}}\n");
        var (exit, _, stderr) = Run("-t", "-c", path, "-g", $"pid {_dir}/x.pid;");
        Assert.Equal(1, exit);
        Assert.Contains($"proxyserver: [emerg] \"pid\" directive is duplicate in {path}:1", stderr);
    }
}
