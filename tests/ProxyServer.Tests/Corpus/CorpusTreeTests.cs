using System.Text.Json;
using ProxyServer.NginxConf.Syntax;
using Xunit.Abstractions;

namespace ProxyServer.Tests.Corpus;

/// <summary>
/// Tree fidelity against crossplane: for every corpus entry crossplane parses (status ok), our tree
/// of every file the entry reaches equals crossplane's <c>parsed</c>. Where crossplane is wrong and
/// nginx right, we follow nginx and the case is listed in <see cref="KnownDifferences"/> with the reason.
/// </summary>
public sealed class CorpusTreeTests(ITestOutputHelper output)
{
    /// <summary>Entries where our tree differs from crossplane's on purpose: nginx reads them as we do.</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new()
    {
        // crossplane keeps reading a "${" word up to its "}" even across spaces; nginx ends every word
        // at whitespace ("{" after "$" is the only brace it keeps), so these are two arguments.
        ["crossplane/messy/nginx.conf"] = "try_files /abc/${uri} /abc/${uri}.html: nginx reads two words, crossplane one",
        ["nginx-tests/access_log/nginx.conf"] = "access_log varlog_${arg_logname} test: nginx reads two words, crossplane one",
        ["go-crossplane/broken1/nginx.conf"] = "server_name ${url ;: nginx's word is \"${url\", crossplane keeps the space",
        ["go-crossplane/broken1/nginx2.conf"] = "server_name ${url ;: nginx's word is \"${url\", crossplane keeps the space",
        // location1.conf and location2.conf include each other. nginx would recurse until it runs out of
        // file descriptors; crossplane parses each once and links them. We report the cycle and do not follow it.
        ["go-crossplane/includes-cycle/invalid/nginx.conf"] = "include cycle: reported, not followed",
        ["go-crossplane/includes-cycle/invalid/location1.conf"] = "include cycle: reported, not followed",
        ["go-crossplane/includes-cycle/invalid/location2.conf"] = "include cycle: reported, not followed",
    };

    /// <summary>Entries crossplane accepts that have a syntax error for nginx, and so for us.</summary>
    private static readonly Dictionary<string, string> CrossplaneAcceptsNginxRejects = new()
    {
        ["crossplane/quote-behavior/nginx.conf"] = "a closing quote followed by a character: nginx says unexpected \"-\"",
        ["go-crossplane/invalid-map/nginx.conf"] = "a block inside map: nginx says unexpected \"{\"",
        ["go-crossplane/includes-cycle/invalid/nginx.conf"] = "include cycle",
        ["go-crossplane/includes-cycle/invalid/location1.conf"] = "include cycle",
        ["go-crossplane/includes-cycle/invalid/location2.conf"] = "include cycle",
    };

    [Fact]
    public void Syntax_EveryCrossplaneOkEntry_HasNoSyntaxError()
    {
        var rejected = Corpus.Entries
            .Where(e => e.CrossplaneStatus == "ok")
            .Select(e => (e.File, Errors: SyntaxErrors(Corpus.Load(e))))
            .Where(e => e.Errors.Count > 0)
            .ToList();

        foreach (var (file, errors) in rejected)
            output.WriteLine($"{file}: {string.Join("; ", errors)}");
        Assert.Equal(CrossplaneAcceptsNginxRejects.Keys.Order(), rejected.Select(r => r.File).Order());
    }

    [Fact]
    public void Tree_EveryCrossplaneOkEntry_EqualsCrossplaneParse()
    {
        var entries = Corpus.Entries.Where(e => e.CrossplaneStatus == "ok").ToList();
        var agree = 0;
        var known = new List<string>();
        var unexplained = new List<string>();
        var filesCompared = 0;

        foreach (var entry in entries)
        {
            var (difference, files) = Compare(entry);
            filesCompared += files;
            if (difference is null)
                agree++;
            else if (KnownDifferences.ContainsKey(entry.File))
                known.Add(entry.File);
            else
                unexplained.Add($"{entry.File}: {difference}");
        }

        var stale = KnownDifferences.Keys.Where(file => entries.Any(e => e.File == file) && !known.Contains(file)).ToList();
        output.WriteLine($"crossplane-ok entries: {entries.Count}; files compared: {filesCompared}");
        output.WriteLine($"identical trees: {agree}; known differences (nginx is right): {known.Count}; unexplained: {unexplained.Count}");
        foreach (var group in unexplained.GroupBy(u => u.Split('/')[0]))
            output.WriteLine($"  {group.Key}: {group.Count()}");
        foreach (var line in unexplained)
            output.WriteLine("  " + line);
        Assert.Empty(unexplained);
        Assert.Empty(stale);
    }

    /// <summary>
    /// Syntax verdicts against real nginx 1.22 (nginx-t.tsv): every entry nginx rejects for a syntax
    /// error gets that same error from us (message, file and line), and every entry nginx accepts
    /// has no syntax error from us. Missing include targets are the machine's, not the syntax's (the
    /// nginx run created them as empty files), so open() failures are left out.
    /// </summary>
    [Fact]
    public void Syntax_NginxVerdicts_AreMatched()
    {
        var verdicts = Corpus.ReadTsv("nginx-t.tsv").ToList();
        var entries = Corpus.Entries.ToDictionary(e => e.File);
        var problems = new List<string>();
        var rejected = 0;
        var accepted = 0;

        foreach (var row in verdicts)
        {
            var errors = SyntaxErrors(Corpus.Load(entries[row["file"]]));
            if (row["error_class"] == "syntax")
            {
                rejected++;
                var nginx = row["first_error"].Replace("[emerg] ", "");
                if (!errors.Contains(nginx))
                    problems.Add($"{row["file"]}: nginx says {nginx}; we say [{string.Join("; ", errors)}]");
            }
            else if (row["verdict"] == "ok")
            {
                accepted++;
                if (errors.Count > 0)
                    problems.Add($"{row["file"]}: nginx accepts it; we say [{string.Join("; ", errors)}]");
            }
        }

        output.WriteLine($"nginx syntax rejections: {rejected}; nginx acceptances: {accepted}; disagreements: {problems.Count}");
        foreach (var problem in problems)
            output.WriteLine("  " + problem);
        Assert.Empty(problems);
    }

    private static List<string> SyntaxErrors(ConfigTree tree) => tree.Diagnostics
        .Where(d => !d.Message.StartsWith("open() ", StringComparison.Ordinal))
        .Select(d => $"{d.Message} in {Corpus.Relative(d.Position.File)}:{d.Position.Line}")
        .ToList();

    private static (string? Difference, int Files) Compare(CorpusEntry entry)
    {
        var tree = Corpus.Load(entry);
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Corpus.Root, entry.ExpectedJson)));
        var config = expected.RootElement.GetProperty("config");
        var ours = tree.Files.GroupBy(f => Corpus.Relative(f.Path)).ToDictionary(g => g.Key, g => g.First());
        var count = 0;
        foreach (var file in config.EnumerateArray())
        {
            var name = file.GetProperty("file").GetString()!;
            if (!ours.TryGetValue(name, out var ourFile))
                return ($"{name}: not loaded by us (diagnostics: {string.Join("; ", tree.Diagnostics.Select(d => d.NginxText))})", count);
            count++;
            if (CrossplaneTreeComparer.FirstDifference(ourFile.Directives, file.GetProperty("parsed"), config) is { } difference)
                return ($"{name}{difference}", count);
        }
        return (null, count);
    }
}
