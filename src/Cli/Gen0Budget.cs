using System.Runtime.InteropServices;

namespace ProxyServer.Cli;

/// <summary>
/// The GC's gen0 allocation budget for a serving process (issue #19: RSS under load). .NET sizes it
/// from the CPU's L3 cache (32 MB here: ~20 MB of heap that is mostly garbage between collections, for
/// ~3 MB live), and reads a smaller one only from the environment when the runtime starts
/// (<c>DOTNET_GCgen0size</c>; <c>System.GC.Gen0Size</c>/<c>GCgen0size</c> in runtimeconfig.json are
/// ignored, measured in bench/perf/RESULTS.md). So <c>proxyserver</c>, about to serve, replaces itself
/// once (execve: same pid, same arguments) with the variable set, unless the environment already
/// names a budget: <c>DOTNET_GCgen0size=0</c> keeps the runtime's own, any other value is used as given.
/// </summary>
internal static class Gen0Budget
{
    public const string Variable = "DOTNET_GCgen0size";

    /// <summary>4 MB: a collection every ~700 small requests, each of a few hundred µs of a ~3 MB live heap.</summary>
    public const string Default = "0x400000";

    /// <summary>Returns only when no re-exec is wanted or possible (then the process runs on as it is).</summary>
    public static void Apply(string[] args)
    {
        if (!OperatingSystem.IsLinux() || !Serves(args)) return;
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.GetEnvironmentVariable("COMPlus_GCgen0size") is not null) return;
        string[] argv;
        try
        {
            argv = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return;
        }
        var environment = new List<string?>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            environment.Add($"{entry.Key}={entry.Value}");
        environment.Add($"{Variable}={Default}");
        environment.Add(null);
        // Only returns when it failed: then this process serves with the runtime's budget.
        execve("/proc/self/exe", [.. argv, null], [.. environment]);
    }

    /// <summary>A start that will serve: not <c>check</c>, <c>parse</c>, <c>-t</c>, <c>-s</c>, help or version (they exit at once).</summary>
    private static bool Serves(string[] args)
    {
        if (args.Length > 0 && args[0] is "check" or "parse") return false;
        foreach (var arg in args)
            if (arg is "-t" or "-T" or "-s" or "-v" or "-V" or "-h" or "-?" or "--help" or "--version") return false;
        return true;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int execve(string path, string?[] argv, string?[] envp);
}
