using System.Text;

namespace ProxyServer.Tests.Runtime.Waf.LibInjection;

/// <summary>Reads the vendored libinjection test data (see Data/README.md) from the source tree.</summary>
internal static class LibInjectionTestData
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ProxyServer.sln"))) dir = dir.Parent;
        if (dir is null) throw new DirectoryNotFoundException("repository root (ProxyServer.sln) not found above the test assembly");
        return Path.Combine(dir.FullName, "tests", "ProxyServer.Tests", "Runtime", "Waf", "LibInjection", "Data");
    });

    /// <summary>libinjection's unit tests: file name, input and expected output (both right-trimmed, as its driver does).</summary>
    public static readonly Lazy<IReadOnlyDictionary<string, (string Input, string Expected)>> UnitTests = new(() =>
    {
        var cases = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var text = File.ReadAllText(Path.Combine(Folder.Value, "libinjection-unit-tests.txt"), Encoding.Latin1);
        foreach (var chunk in text.Split("=== ", StringSplitOptions.RemoveEmptyEntries))
        {
            var name = chunk[..chunk.IndexOf('\n')];
            var body = chunk[(name.Length + 1)..];
            var input = Between(body, "--INPUT--\n", "--EXPECTED--\n");
            var expected = body[(body.IndexOf("--EXPECTED--\n", StringComparison.Ordinal) + "--EXPECTED--\n".Length)..];
            cases[name] = (RightTrim(input), RightTrim(expected));
        }
        return cases;
    });

    /// <summary>The sample lines with the C library's verdicts.</summary>
    public static readonly Lazy<IReadOnlyList<(string File, string Fingerprint, bool Xss, byte[] Input)>> Samples = new(() =>
        File.ReadAllLines(Path.Combine(Folder.Value, "libinjection-samples.tsv"), Encoding.Latin1)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split('\t', 4))
            .Select(p => (p[0], p[1], p[2] == "1", Unescape(p[3])))
            .ToArray());

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static string RightTrim(string text) => text.TrimEnd(' ', '\n', '\t', '\r');

    private static byte[] Unescape(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\') bytes.Add((byte)text[i]);
            else if (text[i + 1] == '\\') { bytes.Add((byte)'\\'); i++; }
            else { bytes.Add(Convert.ToByte(text.Substring(i + 2, 2), 16)); i += 3; }
        }
        return [.. bytes];
    }
}
