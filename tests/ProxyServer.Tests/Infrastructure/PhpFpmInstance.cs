namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// Debian's PHP-FPM (php8.2-fpm) started for a test with its own pool file (never the packaged service): one
/// pool on a free 127.0.0.1 port and one on a unix socket, both serving the scripts written under
/// <see cref="Root"/>; stopped by pid on dispose. Workers run as nobody, so the directory is world-readable.
/// </summary>
public sealed class PhpFpmInstance : IDisposable
{
    public const string Binary = "/usr/sbin/php-fpm8.2";

    private readonly ManagedProcess _process;

    private PhpFpmInstance(string prefix, int port, ManagedProcess process)
    {
        Prefix = prefix;
        Port = port;
        _process = process;
    }

    public static bool IsInstalled => File.Exists(Binary);

    public string Prefix { get; }

    /// <summary>The document root the scripts are written to.</summary>
    public string Root => Path.Combine(Prefix, "www");

    /// <summary>The TCP pool's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The unix socket pool's path.</summary>
    public string Socket => Path.Combine(Prefix, "php.sock");

    public string ErrorLog => File.Exists(Path.Combine(Prefix, "fpm.log")) ? File.ReadAllText(Path.Combine(Prefix, "fpm.log")) : "";

    /// <summary>Starts PHP-FPM serving <paramref name="scripts"/> (file name to PHP source).</summary>
    public static PhpFpmInstance Start(IReadOnlyDictionary<string, string> scripts, int children = 4)
    {
        var prefix = TempDirectory.Create("php-fpm-");
        File.SetUnixFileMode(prefix, (UnixFileMode)0b111_101_101);
        var root = Path.Combine(prefix, "www");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        foreach (var (name, source) in scripts)
        {
            var path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, source);
        }
        var port = FreePort.Next();
        var pool = $$"""
            [global]
            pid = {{prefix}}/fpm.pid
            error_log = {{prefix}}/fpm.log
            daemonize = no

            [tcp]
            user = nobody
            group = nogroup
            listen = 127.0.0.1:{{port}}
            pm = static
            pm.max_children = {{children}}
            catch_workers_output = yes

            [unix]
            user = nobody
            group = nogroup
            listen = {{prefix}}/php.sock
            listen.mode = 0666
            pm = static
            pm.max_children = 2
            catch_workers_output = yes
            """;
        var config = Path.Combine(prefix, "fpm.conf");
        File.WriteAllText(config, pool);
        var process = ManagedProcess.Start(Binary, ["-y", config, "-p", prefix, "-R", "-F"]);
        var instance = new PhpFpmInstance(prefix, port, process);
        try
        {
            FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(10));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!File.Exists(instance.Socket) && DateTime.UtcNow < deadline) Thread.Sleep(20);
        }
        catch
        {
            var log = instance.ErrorLog + process.StandardError;
            instance.Dispose();
            throw new InvalidOperationException("php-fpm did not start: " + log);
        }
        return instance;
    }

    public void Dispose()
    {
        _process.Dispose();
        TempDirectory.TryDelete(Prefix);
    }
}
