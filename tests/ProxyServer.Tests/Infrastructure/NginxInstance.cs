namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// A real Debian nginx started by hand in a temporary prefix, in the foreground, on loopback ports
/// the test chose; stopped by pid on dispose. The oracle for differential tests and a handy backend.
/// </summary>
public sealed class NginxInstance : IDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly ManagedProcess _process;

    public string Prefix { get; }
    public string ConfigPath => Path.Combine(Prefix, "nginx.conf");
    public string ErrorLogPath => Path.Combine(Prefix, "error.log");
    public string ErrorLog => File.Exists(ErrorLogPath) ? File.ReadAllText(ErrorLogPath) : "";

    private NginxInstance(string prefix, ManagedProcess process)
    {
        Prefix = prefix;
        _process = process;
    }

    public static bool IsInstalled => File.Exists(Binary);

    /// <summary>
    /// Starts nginx with <paramref name="httpBody"/> inside <c>http {}</c> and waits for every port in
    /// <paramref name="waitForPorts"/>. Pid, logs and temp paths all live in the prefix.
    /// </summary>
    public static NginxInstance StartHttp(string httpBody, params int[] waitForPorts) =>
        StartMain(TestServerConfig.Http(httpBody), waitForPorts);

    /// <summary>Starts nginx with a complete main-context config (events and pid are added).</summary>
    public static NginxInstance StartMain(string mainBody, params int[] waitForPorts) => StartMain(Binary, "", mainBody, waitForPorts);

    /// <summary>
    /// Starts the nginx 1.22.1 built with naxsi (<see cref="NaxsiOracle"/>) with <paramref name="httpBody"/>
    /// inside <c>http {}</c>: the oracle for the WAF's differential tests.
    /// </summary>
    public static NginxInstance StartNaxsiHttp(string httpBody, params int[] waitForPorts) =>
        StartMain(NaxsiOracle.Binary, NaxsiOracle.LoadModule, TestServerConfig.Http(httpBody), waitForPorts);

    private static NginxInstance StartMain(string binary, string preamble, string mainBody, int[] waitForPorts)
    {
        var prefix = TempDirectory.Create("nginx-");
        var config = preamble + TestServerConfig.Main(prefix, mainBody);
        // The naxsi oracle is built without uwsgi and scgi, so it has no temp path directives for them.
        var tempPaths = binary == Binary ? new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" } : ["client_body", "proxy", "fastcgi"];
        config = config.Replace("http {", "http {\n" + string.Concat(tempPaths.Select(p => $"    {p}_temp_path {prefix}/{p};\n")), StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), config);
        var process = ManagedProcess.Start(binary, ["-p", prefix + "/", "-c", Path.Combine(prefix, "nginx.conf"), "-e", Path.Combine(prefix, "error.log")]);
        var instance = new NginxInstance(prefix, process);
        try
        {
            foreach (var port in waitForPorts) FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(10));
        }
        catch
        {
            var log = instance.ErrorLog + process.StandardError;
            instance.Dispose();
            throw new InvalidOperationException("nginx did not start: " + log);
        }
        return instance;
    }

    /// <summary>Runs <c>nginx -t</c> on a config file (<paramref name="binary"/>: another nginx, the naxsi oracle's); returns the exit code and what nginx printed.</summary>
    public static (int ExitCode, string Output) Test(string configPath, string prefix, string? binary = null)
    {
        using var process = ManagedProcess.Start(binary ?? Binary, ["-t", "-p", prefix.TrimEnd('/') + "/", "-c", configPath, "-e", "/dev/stderr"]);
        process.WaitForExit(TimeSpan.FromSeconds(60));
        return (process.ExitCode, process.StandardError + process.StandardOutput);
    }

    public void Dispose()
    {
        _process.Dispose();
        TempDirectory.TryDelete(Prefix);
    }
}
