using System.Security.Cryptography;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Distro;

/// <summary>
/// The Debian package (packaging/debian/build-deb.sh) built from the test build of src/Cli and installed on
/// this machine with <c>dpkg -i</c>, beside Debian's nginx (the other tests' oracle): it installs
/// /usr/sbin/proxyserver and its unit and nothing of nginx's, <c>proxyserver -t</c> passes Debian's own
/// /etc/nginx, the unit's ExecStartPre line runs as systemd would run it, Debian's default site is served
/// on a loopback port, and <c>dpkg --purge</c> leaves the machine as it was: /usr/sbin/nginx, /etc/nginx and
/// /etc/logrotate.d byte for byte, even when an assertion fails on the way. The service is never started.
/// </summary>
[Collection(DebianPackageCollection.Name)]
public sealed class DebianPackageTests : IDisposable
{
    private const string Package = "proxyserver";
    private readonly string _dir = TempDirectory.Create("deb-");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Fact]
    public async Task Deb_InstallsBesideDebiansNginx_TestsAndServesItsConfig_RemovesCleanly()
    {
        Assert.True(File.Exists("/etc/nginx/sites-available/default"), "Debian's nginx must be installed (.ci/run installs it)");
        if (Installed()) Dpkg("--purge", Package); // a run killed half way left it: start from the machine without it
        var before = MachineState();

        var build = Path.Combine(RepositoryRoot.Path, "src", "Cli", "bin", "Release", "net10.0");
        var (built, deb, buildError) = Run("sh", [RepositoryRoot.Combine("packaging", "debian", "build-deb.sh"), "--from", build, "--output", _dir]);
        Assert.True(built == 0, buildError);
        deb = deb.Trim();

        var contents = Run("dpkg-deb", ["--contents", deb]).Stdout;
        Assert.Contains("./usr/sbin/proxyserver -> ../lib/proxyserver/proxyserver", contents);
        Assert.Contains("./lib/systemd/system/proxyserver.service", contents);
        Assert.DoesNotContain("./usr/sbin/nginx", contents);
        Assert.DoesNotContain("./etc/", contents);

        try
        {
            Dpkg("-i", deb);
            Assert.True(Installed());

            var (tested, testOut, testErr) = Run("/usr/sbin/proxyserver", ["-t"]);
            Assert.True(tested == 0, testOut + testErr);
            Assert.Contains("proxyserver: configuration file /etc/nginx/nginx.conf test is successful", testErr);

            // The unit's own pre-start line, as systemd runs it (quoted arguments and all): quiet and successful.
            var unit = File.ReadAllLines("/lib/systemd/system/proxyserver.service");
            var startPre = unit.Single(line => line.StartsWith("ExecStartPre=", StringComparison.Ordinal))["ExecStartPre=".Length..];
            Assert.StartsWith("/usr/sbin/proxyserver -t -q ", startPre);
            var (preExit, preOut, preErr) = Run("sh", ["-c", startPre]);
            Assert.True(preExit == 0, preOut + preErr);
            Assert.DoesNotContain("[emerg]", preErr);
            Assert.Contains(unit, line => line == "ExecReload=/usr/sbin/proxyserver -g 'daemon off; master_process on;' -s reload");
            Assert.Contains(unit, line => line.StartsWith("ExecStop=-/sbin/start-stop-daemon --quiet --stop --retry QUIT/5 ", StringComparison.Ordinal));
            // nginx-common's rule rotates /var/log/nginx already; logrotate refuses a second rule for the same files.
            Assert.Equal(File.Exists("/etc/logrotate.d/nginx"), !File.Exists("/etc/logrotate.d/proxyserver"));

            await ServesDebiansDefaultSite();
        }
        finally
        {
            if (Installed()) Dpkg("--purge", Package);
        }

        Assert.False(Installed());
        Assert.False(File.Exists("/usr/sbin/proxyserver"));
        Assert.False(Directory.Exists("/usr/lib/proxyserver"));
        Assert.False(File.Exists("/lib/systemd/system/proxyserver.service"));
        Assert.Equal(before, MachineState());
    }

    /// <summary>
    /// Debian's sites-enabled/default as it is but for its <c>listen</c> lines (a loopback port in place of
    /// port 80, which is not this test's to take), with Debian's mime.types, served by the installed command.
    /// </summary>
    private async Task ServesDebiansDefaultSite()
    {
        var port = FreePort.Next();
        var site = File.ReadAllText("/etc/nginx/sites-enabled/default")
            .Replace("listen 80 default_server;", $"listen 127.0.0.1:{port} default_server;")
            .Replace("listen [::]:80 default_server;", "");
        Directory.CreateDirectory(Path.Combine(_dir, "sites-enabled"));
        File.WriteAllText(Path.Combine(_dir, "sites-enabled", "default"), site);
        var conf = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(conf, $$"""
            pid {{_dir}}/nginx.pid;
            error_log {{_dir}}/error.log;
            events { }
            http {
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                access_log {{_dir}}/access.log;
                include {{_dir}}/sites-enabled/*;
            }
            """);
        using var server = ManagedProcess.Start("/usr/sbin/proxyserver", ["-c", conf, "-g", "daemon off;"]);
        FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(90));

        var index = await Curl.RunAsync(["-s", "--max-time", "30", "-w", "\n%{http_code}\n", $"http://127.0.0.1:{port}/"]);
        var indexFile = Directory.GetFiles("/var/www/html").Order().First(f => Path.GetFileName(f).StartsWith("index", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(indexFile) + "\n200\n", index.Output);
        var missing = await Curl.RunAsync(["-s", "--max-time", "30", "-o", "/dev/null", "-w", "%{http_code}\n", $"http://127.0.0.1:{port}/no-such-page"]);
        Assert.Equal("404\n", missing.Output);

        server.Signal("QUIT");
        Assert.True(server.WaitForExit(TimeSpan.FromSeconds(60)), "QUIT did not stop the installed proxyserver");
        Assert.Contains("\"GET / HTTP/1.1\" 200 ", File.ReadAllText(Path.Combine(_dir, "access.log")));
    }

    private static bool Installed() =>
        Run("dpkg-query", ["-W", "-f", "${Status}", Package]).Stdout.Contains("install ok installed");

    /// <summary>dpkg, waiting out another dpkg or apt holding its lock (another test run on the machine).</summary>
    private static void Dpkg(params string[] arguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (exit, stdout, stderr) = Run("dpkg", arguments);
            if (exit == 0) return;
            if (attempt < 30 && stderr.Contains("lock", StringComparison.OrdinalIgnoreCase))
            {
                Thread.Sleep(2000);
                continue;
            }
            Assert.Fail($"dpkg {string.Join(' ', arguments)} failed ({exit}): {stdout}{stderr}");
        }
    }

    /// <summary>What the package must leave as it found it: nginx's binary and unit, /etc/nginx, the logrotate rules.</summary>
    private static string MachineState()
    {
        var files = new[] { "/usr/sbin/nginx", "/lib/systemd/system/nginx.service" }
            .Concat(Directory.GetFiles("/etc/nginx", "*", SearchOption.AllDirectories))
            .Concat(Directory.Exists("/etc/logrotate.d") ? Directory.GetFiles("/etc/logrotate.d") : [])
            .Where(File.Exists)
            .Order(StringComparer.Ordinal);
        return string.Join("\n", files.Select(file => $"{file} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))}"));
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string program, IEnumerable<string> arguments)
    {
        using var process = ManagedProcess.Start(program, arguments);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(300)), $"{program} did not finish");
        return (process.ExitCode, process.StandardOutput, process.StandardError);
    }
}

/// <summary>One dpkg at a time: the package tests install and remove the same package.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DebianPackageCollection
{
    public const string Name = "Debian package";
}
