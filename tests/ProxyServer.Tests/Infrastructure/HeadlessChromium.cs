namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// Debian's chromium driven through its command line, headless: load a page, let its scripts run for a
/// virtual time budget (timers fire, fetches complete), then dump the DOM or save a screenshot. Each call
/// gets its own profile directory so tests can run in parallel. Missing chromium is a failure, not a
/// skip: <c>.ci/run</c> installs it.
/// </summary>
public static class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    public static string Binary =>
        Candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("chromium is not installed (apt-get install chromium; .ci/run installs it)");

    /// <summary>The DOM after the page ran for <paramref name="budget"/> of virtual time.</summary>
    public static string DumpDom(string url, TimeSpan budget) => Run(url, budget, ["--dump-dom"]).StandardOutput;

    /// <summary>Saves a PNG of the page after <paramref name="budget"/> of virtual time.</summary>
    public static void Screenshot(string url, string pngPath, TimeSpan budget, int width = 1100, int height = 900) =>
        Run(url, budget, [$"--screenshot={pngPath}", $"--window-size={width},{height}", "--hide-scrollbars"]);

    private static ManagedProcess Run(string url, TimeSpan budget, string[] action)
    {
        var profile = TempDirectory.Create("chromium-");
        try
        {
            using var process = ManagedProcess.Start(Binary,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--user-data-dir=" + profile,
                $"--virtual-time-budget={(int)budget.TotalMilliseconds}", .. action, url,
            ]);
            if (!process.WaitForExit(TimeSpan.FromSeconds(60))) throw new TimeoutException($"chromium did not finish loading {url}");
            if (process.ExitCode != 0) throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {process.StandardError}");
            return process;
        }
        finally
        {
            TempDirectory.TryDelete(profile);
        }
    }
}
