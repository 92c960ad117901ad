namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// Our own binary (<c>dotnet proxyserver.dll</c> from the test output directory) started the way
/// nginx's test harness starts nginx: <c>-p PREFIX/ -c nginx.conf -e error.log</c>, in the
/// foreground, ready once the pid file exists (written only after every socket is bound);
/// stopped by pid on dispose. Same shape as <see cref="NginxInstance"/> so a test can run one
/// config on both.
/// </summary>
public sealed class ProxyServerInstance : IDisposable
{
    private readonly ManagedProcess _process;

    public string Prefix { get; }
    public string ConfigPath => Path.Combine(Prefix, "nginx.conf");
    public string PidPath => Path.Combine(Prefix, "nginx.pid");
    public string ErrorLogPath => Path.Combine(Prefix, "error.log");
    public string ErrorLog => ReadShared(ErrorLogPath);
    public ManagedProcess Process => _process;

    private ProxyServerInstance(string prefix, ManagedProcess process)
    {
        Prefix = prefix;
        _process = process;
    }

    /// <summary>The built <c>proxyserver.dll</c> next to the test assembly.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "proxyserver.dll");

    /// <summary>Starts us with <paramref name="httpBody"/> inside <c>http {}</c> (access log off, as NginxInstance does).</summary>
    public static ProxyServerInstance StartHttp(string httpBody, IDictionary<string, string>? environment = null) =>
        StartMain(TestServerConfig.Http(httpBody), environment);

    /// <summary>Starts us with a complete main-context body (daemon, pid, error_log and events are added).</summary>
    public static ProxyServerInstance StartMain(string mainBody, IDictionary<string, string>? environment = null)
    {
        var prefix = TempDirectory.Create("proxyserver-");
        var config = TestServerConfig.Main(prefix, mainBody);
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), config);
        return StartInPrefix(prefix, "nginx.conf", environment: environment);
    }

    /// <summary>Starts us on a prepared prefix exactly as <c>BIN -p PREFIX/ -c CONFIG -e error.log</c>, waiting for the pid file.</summary>
    public static ProxyServerInstance StartInPrefix(string prefix, string config, IEnumerable<string>? extraArguments = null,
        IDictionary<string, string>? environment = null)
    {
        var arguments = new List<string> { Dll, "-p", prefix.TrimEnd('/') + "/", "-c", config, "-e", "error.log" };
        if (extraArguments is not null) arguments.AddRange(extraArguments);
        var process = ManagedProcess.Start("dotnet", arguments, prefix, environment);
        var instance = new ProxyServerInstance(prefix, process);
        var pid = PidFileIn(prefix, config);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!File.Exists(pid))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                process.WaitForExit(TimeSpan.FromSeconds(2));
                var output = process.StandardError + process.StandardOutput + instance.ErrorLog;
                instance.Dispose();
                throw new InvalidOperationException("proxyserver did not start: " + output);
            }
            Thread.Sleep(20);
        }
        return instance;
    }

    /// <summary>Sends a signal and waits for the process to exit (QUIT, TERM, INT).</summary>
    public bool StopWith(string signal, TimeSpan timeout)
    {
        _process.Signal(signal);
        return _process.WaitForExit(timeout);
    }

    public void Dispose()
    {
        _process.Dispose();
        TempDirectory.TryDelete(Prefix);
    }

    private static string PidFileIn(string prefix, string config)
    {
        var configPath = Path.IsPathRooted(config) ? config : Path.Combine(prefix, config);
        foreach (var line in File.ReadAllLines(configPath))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("pid ", StringComparison.Ordinal))
            {
                var value = trimmed[4..].TrimEnd(';').Trim();
                return Path.IsPathRooted(value) ? value : Path.Combine(prefix, value);
            }
        }
        return Path.Combine(prefix, "logs", "nginx.pid");
    }

    internal static string ReadShared(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }
}
