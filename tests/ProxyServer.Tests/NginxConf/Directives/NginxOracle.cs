using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>Asks the real nginx what it thinks of a config: its first [emerg] message and line, or ok.</summary>
internal static partial class NginxOracle
{
    [GeneratedRegex(@"\[emerg\] (?:\d+#\d+: )?(?<message>.*?)(?: in (?<file>[^ ]+):(?<line>\d+))?$", RegexOptions.Multiline)]
    private static partial Regex Emerg();

    public sealed record Verdict(bool Ok, string? Message, int Line);

    /// <summary>Runs <c>nginx -t</c> on <paramref name="config"/> written to a fresh temp prefix.</summary>
    public static Verdict Test(string config)
    {
        var prefix = TempDirectory.Create("oracle-");
        try
        {
            var path = Path.Combine(prefix, "nginx.conf");
            File.WriteAllText(path, config);
            var (exitCode, output) = NginxInstance.Test(path, prefix);
            var match = Emerg().Match(output);
            if (exitCode == 0) return new Verdict(true, null, 0);
            return match.Success
                ? new Verdict(false, match.Groups["message"].Value, match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value) : 0)
                : new Verdict(false, output.Trim(), 0);
        }
        finally
        {
            TempDirectory.TryDelete(prefix);
        }
    }

    /// <summary>
    /// <c>check</c> gives nginx's first error on nginx's line, or no error when <c>nginx -t</c> accepts the config
    /// (an error nginx reports without a line, from its init phase, is compared by message alone).
    /// </summary>
    public static void AssertSameVerdict(string config)
    {
        Assert.True(NginxInstance.IsInstalled, "nginx (the oracle) is not installed");
        var nginx = Test(config);
        var ours = Check(config).Where(d => d.Severity == Severity.Error).Select(d => (d.Message, nginx.Line == 0 ? 0 : d.Position.Line)).ToList();
        if (nginx.Ok)
        {
            Assert.Empty(ours);
            return;
        }
        Assert.Contains((nginx.Message!, nginx.Line), ours);
    }

    /// <summary>What our <c>check</c> (the directive table's validation) says of <paramref name="config"/>.</summary>
    public static IReadOnlyList<Diagnostic> Check(string config)
    {
        var dir = TempDirectory.Create("ours-");
        try
        {
            var path = Path.Combine(dir, "nginx.conf");
            File.WriteAllText(path, config);
            return ConfigCheck.Run(path, new CheckOptions { Validation = new ValidationOptions { Analyze = false, WarnIgnored = false } }).Diagnostics;
        }
        finally
        {
            TempDirectory.TryDelete(dir);
        }
    }
}
