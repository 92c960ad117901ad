using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using Xunit.Abstractions;

namespace ProxyServer.Tests.Corpus;

/// <summary>
/// Whole-config verdicts (syntax and directive table) against real nginx 1.22's <c>nginx -t</c>
/// (tests/corpus/nginx-t.tsv): every entry nginx rejects for syntax is rejected, every entry nginx
/// accepts is accepted, and the agreement on the other error classes is printed.
/// Missing include targets are left out (nginx ran with empty stand-ins for them).
/// </summary>
public sealed class CorpusVerdictTests(ITestOutputHelper output)
{
    /// <summary>
    /// Entries nginx accepts that we reject on purpose, with the reason (nginx is lenient or the harness shimmed something).
    /// </summary>
    private static readonly Dictionary<string, string> RejectedOnPurpose = new()
    {
    };

    [Fact]
    public void Verdicts_MatchNginx()
    {
        var entries = Corpus.Entries.ToDictionary(e => e.File);
        var byClass = new Dictionary<string, (int Total, int Rejected)>();
        var problems = new List<string>();
        var accepted = 0;
        var acceptedAgree = 0;

        foreach (var row in Corpus.ReadTsv("nginx-t.tsv"))
        {
            var file = row["file"];
            var errors = Errors(entries[file]);
            if (row["verdict"] == "ok")
            {
                accepted++;
                if (errors.Count == 0) acceptedAgree++;
                else if (!RejectedOnPurpose.ContainsKey(file))
                    problems.Add($"{file}: nginx accepts it; we say [{string.Join("; ", errors.Take(3))}]");
                continue;
            }
            var errorClass = row["error_class"];
            var (total, rejected) = byClass.GetValueOrDefault(errorClass);
            byClass[errorClass] = (total + 1, rejected + (errors.Count > 0 ? 1 : 0));
            if (errorClass == "syntax" && errors.Count == 0)
                problems.Add($"{file}: nginx says {row["first_error"]}; we accept it");
            if (errorClass is "unknown-directive" or "directive-usage" or "semantic" && errors.Count == 0)
                output.WriteLine($"  accepted, nginx {errorClass}: {file}: {row["first_error"]}");
        }

        output.WriteLine($"nginx accepts {accepted}: we accept {acceptedAgree} ({Percent(acceptedAgree, accepted)})");
        foreach (var (errorClass, (total, rejected)) in byClass.OrderBy(c => c.Key))
            output.WriteLine($"nginx rejects for {errorClass}: {total}: we reject {rejected} ({Percent(rejected, total)})");
        foreach (var problem in problems)
            output.WriteLine("  " + problem);
        Assert.Empty(problems);
    }

    /// <summary>
    /// Our errors for an entry, without those the nginx run's harness shimmed away: missing include
    /// targets (created empty) and, for fragments, log formats defined elsewhere (stand-ins were added).
    /// </summary>
    private static List<string> Errors(CorpusEntry entry)
    {
        var tree = Corpus.Load(entry);
        var fragment = entry.Context != "complete";
        return tree.Diagnostics.Concat(ConfigValidator.Validate(tree, new ValidationOptions { Analyze = false, WarnIgnored = false }))
            .Where(d => d.Severity == Severity.Error && !d.Message.StartsWith("open() ", StringComparison.Ordinal))
            .Where(d => !(fragment && d.Message.StartsWith("unknown log format ", StringComparison.Ordinal)))
            .Select(d => $"{d.Message} in {Corpus.Relative(d.Position.File)}:{d.Position.Line}")
            .ToList();
    }

    private static string Percent(int part, int whole) => whole == 0 ? "-" : $"{100.0 * part / whole:F1}%";
}
