using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Corpus;

/// <summary>
/// Mutated corpus configs (a fixed seed, so every run checks the same inputs): <c>check</c>'s load
/// and validation and the runtime compile must answer with diagnostics, never throw, never hang.
/// Each input is one corpus file with a few edits of the kinds that break configs: bytes dropped or
/// repeated, a brace, quote, semicolon or variable sign put in, a line doubled or removed, a token
/// replaced by a number that overflows, a regex, an empty string or another directive's name.
/// </summary>
public sealed class CorpusFuzzTests
{
    private const int Seed = 2121;
    private const int Inputs = 300;

    /// <summary>Far beyond what one small config takes to check and compile: only a hang reaches it.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    private static readonly string[] Insertions =
    [
        "{", "}", ";", "\"", "'", "\\", "$", "${", "~", "~*", "^~", "=", "#", "\n", " ", "\0", "\u00e9",
        "(", ")", "[", "]", "*", "?", "%", "%00", "{{", "}}", "\r\n", "\t",
    ];

    private static readonly string[] Replacements =
    [
        "99999999999999999999", "-1", "0", "0x", "1k", "9999999999g", "1y", "on", "off", "\"\"", "''",
        "$", "$1", "$undefined_variable", "~^(a+)+$", "~(", "~[", "(?<n>x)", "\"~*^/x\"", "unix:", "unix:/",
        "127.0.0.1:99999", "[::1", "http://", "http://$host", "@", "@named", "=", "/", "*", "*.", ".",
        "location", "server", "upstream", "if", "map", "include", "return", "rewrite", "proxy_pass", "listen",
        "server_name", "set", "error_page", "try_files", "root", "alias", "events", "http", "default",
    ];

    [Fact]
    public async Task MutatedCorpusConfigs_CheckAndCompileNeverThrowNorHang()
    {
        var random = new Random(Seed);
        var sources = Corpus.Entries
            .Select(entry => (entry, text: File.ReadAllText(Path.Combine(Corpus.ConfDir, entry.File))))
            .Where(source => source.text.Length is > 0 and < 64 * 1024)
            .ToList();
        using var directory = new ScratchDirectory();
        var failures = new List<string>();
        for (var i = 0; i < Inputs; i++)
        {
            var (entry, original) = sources[random.Next(sources.Count)];
            var mutated = Mutate(original, random);
            var path = Path.Combine(directory.Path, $"fuzz-{i}.conf");
            File.WriteAllText(path, Wrap(mutated, entry.Context));
            var prefix = Path.Combine(Corpus.ConfDir, entry.Prefix);
            var run = Task.Run(() => CheckAndCompile(path, prefix));
            if (await Task.WhenAny(run, Task.Delay(HangLimit)) != run)
                failures.Add($"input {i} (from {entry.File}) did not finish\n--- input ---\n{mutated}");
            else if (await run is { } error)
                failures.Add($"input {i} (from {entry.File}): {error}\n--- input ---\n{mutated}");
            if (failures.Count > 0) break;
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>null, or the exception that escaped.</summary>
    private static string? CheckAndCompile(string path, string prefix)
    {
        try
        {
            var result = ConfigCheck.Run(path, new CheckOptions
            {
                Load = new ConfigLoadOptions { Prefix = prefix },
                Validation = new ValidationOptions { TopContext = DirectiveContext.Main },
            });
            if (result.Tree is { } tree)
                RuntimeCompiler.Compile(tree, new CompileOptions { Prefix = prefix, HostName = "fuzz" });
            return null;
        }
        catch (Exception e)
        {
            return e.ToString();
        }
    }

    /// <summary>A fragment of the corpus inside the blocks its context needs, so every input is a whole config.</summary>
    private static string Wrap(string text, string context) => context switch
    {
        "main" => "events {}\n" + text,
        "http" => "events {}\nhttp {\n" + text + "\n}\n",
        "server" => "events {}\nhttp {\nserver {\n" + text + "\n}\n}\n",
        _ => text,
    };

    private static readonly System.Text.RegularExpressions.Regex Token = new(@"[^\s;{}]+");

    private static string Mutate(string text, Random random)
    {
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(7))
            {
                case 0: // drop a run of bytes
                    text = text.Remove(Math.Min(at, text.Length), Math.Min(random.Next(1, 40), text.Length - Math.Min(at, text.Length)));
                    break;
                case 1: // repeat a run of bytes
                    var length = Math.Min(random.Next(1, 80), text.Length - Math.Min(at, text.Length));
                    text = text.Insert(at, text.Substring(Math.Min(at, text.Length), length));
                    break;
                case 2:
                    text = text.Insert(at, Insertions[random.Next(Insertions.Length)]);
                    break;
                case 3: // double or remove a line
                    var lines = text.Split('\n').ToList();
                    var line = random.Next(lines.Count);
                    if (random.Next(2) == 0) lines.Insert(line, lines[line]);
                    else lines.RemoveAt(line);
                    text = string.Join('\n', lines);
                    break;
                default: // replace a token
                    var tokens = Token.Matches(text);
                    if (tokens.Count == 0) break;
                    var token = tokens[random.Next(tokens.Count)];
                    var replacement = Replacements[random.Next(Replacements.Length)] + (random.Next(3) == 0 ? ";" : "");
                    text = text[..token.Index] + replacement + text[(token.Index + token.Length)..];
                    break;
            }
        }
        return text;
    }

    private sealed class ScratchDirectory : IDisposable
    {
        public string Path { get; } = TempDirectory.Create("corpus-fuzz-");

        public void Dispose() => TempDirectory.TryDelete(Path);
    }
}
