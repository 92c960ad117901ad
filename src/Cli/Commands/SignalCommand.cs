using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace ProxyServer.Cli.Commands;

/// <summary><c>-s stop|quit|reopen|reload</c>: signal the running instance whose pid file the config names.</summary>
internal static class SignalCommand
{
    private static readonly Dictionary<string, (string Name, int Number)> Signals = new()
    {
        ["stop"] = ("TERM", 15), ["quit"] = ("QUIT", 3), ["reopen"] = ("USR1", 10), ["reload"] = ("HUP", 1),
    };

    public static int Send(string signal, ParseResult parse)
    {
        if (!Signals.TryGetValue(signal, out var target))
        {
            Console.Error.WriteLine($"proxyserver: invalid option: \"-s {signal}\"");
            return 1;
        }
        // Only the main context: compiling the http part would start etcd watches and DNS lookups
        // in this short-lived process (the running one checks the whole config when it reloads).
        var (main, diagnostics) = RunCommand.NginxStyleSource(parse).CompileMainOnly();
        if (main is null)
        {
            foreach (var diagnostic in diagnostics.Where(d => d.Severity == NginxConf.Diagnostics.Severity.Error))
                Console.Error.WriteLine($"proxyserver: [emerg] {diagnostic.NginxText}");
            return 1;
        }
        var pidPath = main.PidPath;
        string text;
        try
        {
            text = File.ReadAllText(pidPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"proxyserver: [error] open() \"{pidPath}\" failed (2: No such file or directory)");
            return 1;
        }
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            Console.Error.WriteLine($"proxyserver: [error] invalid PID number \"{text.Trim()}\" in \"{pidPath}\"");
            return 1;
        }
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + target.Name, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false, RedirectStandardError = true })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            Console.Error.WriteLine($"proxyserver: [alert] kill({pid}, {target.Number}) failed (3: No such process)");
            return 1;
        }
        return 0;
    }
}
