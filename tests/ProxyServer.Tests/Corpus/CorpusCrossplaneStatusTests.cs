using System.Text.Json;
using ProxyServer.NginxConf.Crossplane;
using Xunit.Abstractions;

namespace ProxyServer.Tests.Corpus;

/// <summary>
/// <c>proxyserver parse</c> gives crossplane's verdicts: for every corpus entry, the payload's status
/// and each file's status equal those in crossplane's expected JSON, and so do the errors (text, file
/// and line). Paths are compared corpus-relative, as the expected JSON has them.
/// </summary>
public sealed class CorpusCrossplaneStatusTests(ITestOutputHelper output)
{
    [Fact]
    public void Status_EveryEntry_EqualsCrossplane()
    {
        var problems = new List<string>();
        var agree = new Dictionary<string, (int Total, int Agree)>();
        foreach (var entry in Corpus.Entries)
        {
            var (status, files, errors) = Ours(entry);
            using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Corpus.Root, entry.ExpectedJson)));
            var theirs = expected.RootElement;
            var (total, agreeing) = agree.GetValueOrDefault(entry.CrossplaneStatus);
            var same = status == entry.CrossplaneStatus;
            agree[entry.CrossplaneStatus] = (total + 1, agreeing + (same ? 1 : 0));
            if (!same)
                problems.Add($"{entry.File}: crossplane {entry.CrossplaneStatus}, we {status} [{string.Join("; ", errors.Take(3))}]");
            foreach (var file in theirs.GetProperty("config").EnumerateArray())
            {
                var name = file.GetProperty("file").GetString()!;
                var their = file.GetProperty("status").GetString();
                if (files.TryGetValue(name, out var ours) && ours != their)
                    problems.Add($"{entry.File}: file {name}: crossplane {their}, we {ours}");
            }
        }

        foreach (var (status, (total, agreeing)) in agree.OrderByDescending(a => a.Key))
            output.WriteLine($"crossplane {status}: {total} entries, our parse agrees on {agreeing}");
        foreach (var problem in problems)
            output.WriteLine("  " + problem);
        Assert.Empty(problems);
    }

    [Fact]
    public void Errors_EveryEntry_EqualCrossplane()
    {
        var differ = new List<string>();
        var compared = 0;
        foreach (var entry in Corpus.Entries)
        {
            var (_, _, errors) = Ours(entry);
            using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Corpus.Root, entry.ExpectedJson)));
            var theirs = expected.RootElement.GetProperty("errors").EnumerateArray()
                .Select(e => Describe(e.GetProperty("file").GetString()!, e.GetProperty("line").ValueKind == JsonValueKind.Null ? null : e.GetProperty("line").GetInt32(), e.GetProperty("error").GetString()!))
                .ToList();
            compared += theirs.Count;
            if (!errors.SequenceEqual(theirs))
                differ.Add($"{entry.File}:\n      crossplane [{string.Join("; ", theirs)}]\n      we         [{string.Join("; ", errors)}]");
        }

        output.WriteLine($"crossplane errors compared: {compared}; entries whose errors differ: {differ.Count}");
        foreach (var line in differ)
            output.WriteLine("  " + line);
        Assert.Empty(differ);
    }

    private static (string Status, Dictionary<string, string> Files, List<string> Errors) Ours(CorpusEntry entry)
    {
        var tree = Corpus.Load(entry);
        var errors = CrossplaneParser.Errors(tree);
        var files = tree.Files.ToDictionary(
            f => Corpus.Relative(f.Path),
            f => errors.Any(e => e.File == f.Path) ? "failed" : "ok");
        var described = errors.Select(e => Describe(Corpus.Relative(e.File), e.Line, e.Error.Replace(Corpus.ConfDir + "/", ""))).ToList();
        return (errors.Count == 0 ? "ok" : "failed", files, described);
    }

    private static string Describe(string file, int? line, string error) => $"{file}:{line?.ToString() ?? "-"}: {error}";
}
