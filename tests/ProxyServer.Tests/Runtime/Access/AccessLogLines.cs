using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Access;

/// <summary>
/// The error-log lines a request left on each side of a <see cref="DifferentialPair"/>, without
/// time, pid and connection number and with the ports and prefixes mapped back, to compare the lines nginx
/// writes for access decisions (level, message, client, server, request, host) with ours.
/// </summary>
internal static partial class AccessLogLines
{
    [GeneratedRegex(@"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} (?<level>\[\w+\]) \d+#\d+: \*\d+ (?<rest>.*)$", RegexOptions.Multiline)]
    private static partial Regex Line();

    /// <summary>The lines of <paramref name="log"/> about the request whose line contains <paramref name="target"/>.</summary>
    public static List<string> For(string log, string target, int port, int portIndex = 0, string prefix = "") =>
        Line().Matches(prefix.Length > 0 ? log.Replace(prefix.TrimEnd('/'), "{prefix}") : log)
            .Select(m => m.Groups["level"].Value + " " + m.Groups["rest"].Value.TrimEnd('\r'))
            .Where(l => l.Contains($" {target} HTTP/", StringComparison.Ordinal) && !l.Contains("closed keepalive", StringComparison.Ordinal))
            .Select(l => l.Replace(port.ToString(), $"{{{{P{portIndex}}}}}"))
            .ToList();

    /// <summary>Asserts both sides logged the same lines for the request to <paramref name="target"/> (waiting for ours to be written).</summary>
    public static async Task AssertSameAsync(DifferentialPair pair, string target, int portIndex = 0)
    {
        var expected = For(pair.Nginx.ErrorLog, target, pair.NginxPort(portIndex), portIndex, pair.Nginx.Prefix);
        var actual = For(pair.Ours.ErrorLog, target, pair.OurPort(portIndex), portIndex, pair.Ours.Prefix);
        for (var wait = 0; wait < 50 && actual.Count < expected.Count; wait++)
        {
            await Task.Delay(100);
            actual = For(pair.Ours.ErrorLog, target, pair.OurPort(portIndex), portIndex, pair.Ours.Prefix);
        }
        Assert.Equal(expected, actual);
    }
}
