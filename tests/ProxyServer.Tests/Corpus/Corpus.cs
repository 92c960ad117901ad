using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Tests.Corpus;

/// <summary>One row of tests/corpus/entries.tsv: a top-level config file and how the oracles read it.</summary>
public sealed record CorpusEntry(string File, string Source, string Context, string Prefix, string ExpectedJson, string CrossplaneStatus, string CrossplaneFirstError)
{
    public override string ToString() => File;
}

/// <summary>
/// The project's copy of the nginx config corpus (tests/corpus, see its README): its entries, and
/// loading an entry the way both oracles did (context wrapper in the prefix dir, absolute includes
/// remapped per include-remap.tsv).
/// </summary>
public static class Corpus
{
    public static string Root { get; } = FindRoot();

    public static string ConfDir => Path.Combine(Root, "nginx-conf");

    public static IReadOnlyList<CorpusEntry> Entries { get; } = ReadTsv("entries.tsv")
        .Select(row => new CorpusEntry(row["file"], row["source"], row["context"], row["prefix"], row["expected_json"],
            row["crossplane_status"], row["crossplane_first_error"]))
        .ToList();

    private static readonly ILookup<(string File, string Argument), (int Line, string Target)> Remap = ReadTsv("include-remap.tsv")
        .ToLookup(row => (row["file"], row["original_include_arg"]), row => (int.Parse(row["line"]), row["resolved_against"]));

    public static IEnumerable<Dictionary<string, string>> ReadTsv(string name)
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(Root, name));
        var header = lines[0].Split('\t');
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split('\t');
            yield return header.Select((column, i) => (column, cell: i < cells.Length ? cells[i] : ""))
                .ToDictionary(pair => pair.column, pair => pair.cell);
        }
    }

    /// <summary>The corpus-relative name of a loaded file (as the expected JSON's <c>file</c> fields).</summary>
    public static string Relative(string path) => Path.GetRelativePath(ConfDir, path).Replace('\\', '/');

    /// <summary>
    /// Loads an entry as the oracles did: a <c>complete</c> file as is, a fragment through its context's
    /// wrapper placed in the prefix dir; relative includes against the prefix, absolute ones remapped.
    /// The entry file itself is the one whose <see cref="ConfigFile.Path"/> is the entry's path.
    /// </summary>
    public static ConfigTree Load(CorpusEntry entry)
    {
        var file = Path.Combine(ConfDir, entry.File);
        var options = Options(entry);
        var include = $"include \"{file}\";";
        var wrapper = entry.Context switch
        {
            "complete" => null,
            "main" => $"events {{}} {include}",
            "http" => $"events {{}} http {{ {include} }}",
            "server" => $"events {{}} http {{ server {{ {include} }} }}",
            _ => throw new InvalidOperationException($"unknown context {entry.Context} for {entry.File}"),
        };
        return wrapper is null
            ? ConfigLoader.Load(file, options)
            : ConfigLoader.LoadText(wrapper, Path.Combine(ConfDir, entry.Prefix, "corpus-wrapper.conf"), options);
    }

    /// <summary>How the oracles resolved this entry's includes: against its prefix, absolute paths remapped into the corpus.</summary>
    public static ConfigLoadOptions Options(CorpusEntry entry) =>
        new() { Prefix = Path.Combine(ConfDir, entry.Prefix), MapAbsolutePath = MapAbsolute };

    public static CorpusEntry Entry(string file) => Entries.Single(e => e.File == file);

    private static string MapAbsolute(string path, SourcePosition includedAt)
    {
        // The wrapper includes the entry by its real absolute path.
        if (!includedAt.File.StartsWith(ConfDir, StringComparison.Ordinal) || includedAt.File.EndsWith("corpus-wrapper.conf", StringComparison.Ordinal))
            return path;
        var rows = Remap[(Relative(includedAt.File), path)].ToList();
        if (rows.Count == 0)
            return path;
        var row = rows.FirstOrDefault(r => r.Line == includedAt.Line, rows[0]);
        return Path.Combine(ConfDir, row.Target);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "corpus");
            if (System.IO.File.Exists(Path.Combine(candidate, "entries.tsv")))
                return candidate;
        }
        throw new DirectoryNotFoundException("tests/corpus not found above " + AppContext.BaseDirectory);
    }
}
