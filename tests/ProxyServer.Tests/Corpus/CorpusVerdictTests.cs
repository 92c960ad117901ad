using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Hosting;
using Xunit.Abstractions;

namespace ProxyServer.Tests.Corpus;

/// <summary>
/// Whole-config verdicts (syntax, directive table and the whole compile, as <c>check</c>, <c>-t</c> and
/// <c>run</c> reach them) against real nginx 1.22's <c>nginx -t</c>
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
        ["nginx-tests/userid/nginx.conf"] = "listen unix:... cannot be served (Kestrel here binds TCP only); also the userid module's $uid_* variables",
    };

    /// <summary>
    /// Entries nginx accepts that the compile (check, -t and run alike) refuses because the runtime lacks
    /// something nginx has: each is a gap to close, not a choice. Found when check began running the whole compile.
    /// </summary>
    private static readonly Dictionary<string, string> CompileGaps = new()
    {
        ["certbot/roundtrip/phpfcgi/nginx.conf"] = "fastcgi's variables ($fastcgi_script_name) are not registered: no fastcgi module at run time",
        ["debian/etc/nginx/snippets/fastcgi-php.conf"] = "fastcgi's variables ($fastcgi_script_name, $fastcgi_path_info) are not registered",
        ["nginx-demos/nginx-swarm-demo/phpfpmbase/default.conf"] = "fastcgi's variables ($fastcgi_script_name) are not registered",
        ["certbot/roundtrip/simplepythonfcgi/weird-spacing.conf"] = "variables set by fastcgi_param-style lines are unknown to the compile ($PROJECTBASE)",
        ["certbot/roundtrip/simplerubyfcgi/nginx.conf"] = "proxy_pass http://unix:/path:; (empty URI after the socket path) is read as \"unix:\" by Proxy/ProxyTarget",
        ["nginx-tests/geo/nginx.conf"] = "geo is not compiled: its variables are unknown",
        ["nginx-tests/split_clients/nginx.conf"] = "split_clients is not compiled: its variable is unknown",
        ["nginx-tests/http_variables/nginx.conf"] = "$arg_ (empty name after the prefix) is refused by Variables/VariableRegistry; nginx accepts it",
        ["nginx-tests/rewrite_set/nginx.conf"] = "set $http_foo: Variables/DeclaredVariables calls a prefix variable a duplicate; nginx lets set define it",
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
            var errors = Errors(entries[file], row["env_shims"]);
            if (row["verdict"] == "ok")
            {
                accepted++;
                if (errors.Count == 0 && CompileGaps.ContainsKey(file)) problems.Add($"{file}: accepted now: remove it from CompileGaps");
                if (errors.Count == 0) acceptedAgree++;
                else if (!RejectedOnPurpose.ContainsKey(file) && !CompileGaps.ContainsKey(file))
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
    /// targets (created empty) and, for fragments, log formats and variables defined elsewhere (stand-ins
    /// were added: env_shims names them).
    /// </summary>
    private static List<string> Errors(CorpusEntry entry, string shims)
    {
        var standIns = shims.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => s.StartsWith("variable:", StringComparison.Ordinal))
            .Select(s => $"unknown \"{s["variable:".Length..]}\" variable").ToHashSet();
        var tree = Corpus.Load(entry);
        var fragment = entry.Context != "complete";
        var options = ConfigTest.ForTest(CorpusCommandAgreementTests.RunOptions(Corpus.Options(entry).Prefix!), analyze: false);
        return RuntimeCompiler.Compile(tree, options).Diagnostics
            .Where(d => d.Severity == Severity.Error && !d.Message.StartsWith("open() ", StringComparison.Ordinal))
            .Where(d => !(fragment && d.Message.StartsWith("unknown log format ", StringComparison.Ordinal)))
            .Where(d => !(fragment && standIns.Contains(d.Message)))
            .Select(d => $"{d.Message} in {Corpus.Relative(d.Position.File)}:{d.Position.Line}")
            .ToList();
    }

    private static string Percent(int part, int whole) => whole == 0 ? "-" : $"{100.0 * part / whole:F1}%";
}
