using System.Text.RegularExpressions;
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
}
