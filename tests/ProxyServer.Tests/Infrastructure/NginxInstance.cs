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
    public static NginxInstance StartMain(string mainBody, params int[] waitForPorts)
    {
        var prefix = TempDirectory.Create("nginx-");
        var config = TestServerConfig.Main(prefix, mainBody);
        config = config.Replace("http {", $"http {{\n    client_body_temp_path {prefix}/client_body;\n    proxy_temp_path {prefix}/proxy;\n    fastcgi_temp_path {prefix}/fastcgi;\n    uwsgi_temp_path {prefix}/uwsgi;\n    scgi_temp_path {prefix}/scgi;\n", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), config);
        var process = ManagedProcess.Start(Binary, ["-p", prefix + "/", "-c", Path.Combine(prefix, "nginx.conf"), "-e", Path.Combine(prefix, "error.log")]);
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

    /// <summary>Runs <c>nginx -t</c> on a config file; returns the exit code and what nginx printed.</summary>
    public static (int ExitCode, string Output) Test(string configPath, string prefix)
    {
        using var process = ManagedProcess.Start(Binary, ["-t", "-p", prefix.TrimEnd('/') + "/", "-c", configPath, "-e", "/dev/stderr"]);
        process.WaitForExit(TimeSpan.FromSeconds(60));
        return (process.ExitCode, process.StandardError + process.StandardOutput);
    }

    public void Dispose()
    {
        _process.Dispose();
        TempDirectory.TryDelete(Prefix);
    }
}
