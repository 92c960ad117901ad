using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Distro;

/// <summary>
/// The container image's file system without a container runtime: a temporary root laid out as the
/// Dockerfile lays the image (packaging/image/ copied to /etc/nginx, /usr/share/nginx/html,
/// /docker-entrypoint.sh and /docker-entrypoint.d/, logs linked to /dev/stdout and /dev/stderr,
/// <c>nginx</c> a link to proxyserver), in which a command runs under <c>chroot</c> with a clean
/// environment, as <c>docker run</c> would run it. The machine's /usr/bin, /usr/lib, /usr/sbin and
/// .NET are bound in read-only, /proc, /dev and /sys as they are, all inside a private mount namespace
/// (<c>unshare --mount</c>): the mounts die with the command and never show outside it, so deleting
/// the root afterwards deletes only its own files. The test build's proxyserver (framework-dependent)
/// stands in for the image's self-contained one. Needs root, as the tests' CI has.
/// </summary>
public sealed class ImageRoot : IDisposable
{
    /// <summary>Docker's default PATH: /usr/local/bin (our nginx) comes before /usr/sbin (the machine's nginx).</summary>
    private const string ContainerPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The machine's programs and libraries (/etc/alternatives: awk is a Debian alternative), never written.</summary>
    private static readonly string[] BoundReadOnly = ["/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib64", "/usr/libexec", "/usr/share/dotnet", "/etc/alternatives"];

    public string Root { get; } = TempDirectory.Create("image-root-");

    public ImageRoot()
    {
        var image = RepositoryRoot.Combine("packaging", "image");
        foreach (var link in new[] { "bin", "sbin", "lib", "lib64" })
            File.CreateSymbolicLink(At(link), "usr/" + link);
        foreach (var dir in BoundReadOnly.Where(Directory.Exists).Concat(["/proc", "/dev", "/sys", "/opt/proxyserver", "/tmp", "/var/run", "/var/cache/nginx", "/usr/local/bin", "/usr/share/nginx", "/etc/nginx/conf.d", "/usr/share/proxyserver/conf.d"]))
            Directory.CreateDirectory(At(dir));
        foreach (var file in new[] { "/etc/resolv.conf", "/etc/hosts", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf" })
            if (File.Exists(file)) File.Copy(file, At(file));

        File.Copy(Path.Combine(image, "nginx.conf"), At("/etc/nginx/nginx.conf"));
        File.Copy(Path.Combine(image, "mime.types"), At("/etc/nginx/mime.types"));
        File.Copy(Path.Combine(image, "conf.d", "default.conf"), At("/etc/nginx/conf.d/default.conf"));
        File.Copy(Path.Combine(image, "conf.d", "default.conf"), At("/usr/share/proxyserver/conf.d/default.conf"));
        CopyDirectory(Path.Combine(image, "html"), At("/usr/share/nginx/html"));
        File.Copy(Path.Combine(image, "docker-entrypoint.sh"), At("/docker-entrypoint.sh"));
        CopyDirectory(Path.Combine(image, "docker-entrypoint.d"), At("/docker-entrypoint.d"));

        Directory.CreateDirectory(At("/var/log/nginx"));
        File.CreateSymbolicLink(At("/var/log/nginx/access.log"), "/dev/stdout");
        File.CreateSymbolicLink(At("/var/log/nginx/error.log"), "/dev/stderr");
        foreach (var name in new[] { "nginx", "nginx-debug", "proxyserver" })
            File.CreateSymbolicLink(At("/usr/local/bin/" + name), "/opt/proxyserver/proxyserver");
    }

    /// <summary>A path inside the root, from its absolute path in the image (<c>/etc/nginx/nginx.conf</c>).</summary>
    public string At(string imagePath) => Path.Combine(Root, imagePath.TrimStart('/'));

    /// <summary>
    /// Starts <paramref name="command"/> in the root, as <c>docker run IMAGE COMMAND</c> starts it: through
    /// /docker-entrypoint.sh, with only <c>PATH</c>, <c>HOME</c> and <paramref name="environment"/> set.
    /// </summary>
    public ManagedProcess Start(IEnumerable<string> command, IReadOnlyDictionary<string, string>? environment = null)
    {
        // Each mount target exists in the root; the binds are read-only but for /dev, /proc and the build output.
        var mounts = string.Join("; ", BoundReadOnly.Where(Directory.Exists)
            .Select(dir => $"mount --bind {dir} {At(dir)} && mount -o remount,bind,ro {At(dir)}")
            .Concat([
                $"mount --bind /proc {At("/proc")}", $"mount --rbind /dev {At("/dev")}", $"mount --rbind /sys {At("/sys")}",
                $"mount --bind {AppContext.BaseDirectory} {At("/opt/proxyserver")}",
            ]));
        var env = new List<string> { "/usr/bin/env", "-i", "PATH=" + ContainerPath, "HOME=/root" };
        env.AddRange((environment ?? new Dictionary<string, string>()).Select(pair => $"{pair.Key}={pair.Value}"));
        return ManagedProcess.Start("unshare", [
            "--mount", "--propagation", "private", "--",
            "/bin/sh", "-c", $"set -e; {mounts}; exec chroot {Root} \"$@\"", "sh",
            .. env, "/docker-entrypoint.sh", .. command,
        ]);
    }

    /// <summary><see cref="Start"/>, waited for: exit code, stdout and stderr.</summary>
    public (int ExitCode, string Stdout, string Stderr) Run(IEnumerable<string> command, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(command, environment);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), $"{string.Join(' ', command)} did not finish in the image root");
        return (process.ExitCode, process.StandardOutput, process.StandardError);
    }

    public void Dispose() => TempDirectory.TryDelete(Root);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }
}
