using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Hosting;
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
    /// <param name="sameLine">
    /// False where nginx finds the error while merging a block (it names the line that closes http) and
    /// we name the directive at fault.
    /// </param>
    public static void AssertSameVerdict(string config, bool sameLine = true)
    {
        Assert.True(NginxInstance.IsInstalled, "nginx (the oracle) is not installed");
        var nginx = Test(config);
        var ours = Check(config).Where(d => d.Severity == Severity.Error).Select(d => (d.Message, nginx.Line == 0 ? 0 : d.Position.Line)).ToList();
        if (nginx.Ok)
        {
            Assert.Empty(ours);
            return;
        }
        if (sameLine) Assert.Contains((nginx.Message!, nginx.Line), ours);
        else Assert.Contains(nginx.Message!, ours.Select(o => o.Message));
    }

    /// <summary>
    /// What our <c>check</c> says of <paramref name="config"/>: the whole compile <c>-t</c> runs (the directive table
    /// and what only building the model finds, such as a geo block's networks).
    /// </summary>
    public static IReadOnlyList<Diagnostic> Check(string config)
    {
        var dir = TempDirectory.Create("ours-");
        try
        {
            var path = Path.Combine(dir, "nginx.conf");
            File.WriteAllText(path, config);
            return ConfigTest.Run(new ConfigSource(path, ConfigTest.ForTest(new CompileOptions { Prefix = dir }, analyze: false))).Diagnostics;
        }
        finally
        {
            TempDirectory.TryDelete(dir);
        }
    }
}
