using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Crossplane;

/// <summary>
/// Writes a loaded config as crossplane's JSON payload (<c>crossplane parse</c>), so tools built for
/// crossplane can read ours:
/// <code>
/// { "status": "ok"|"failed", "errors": [{"file", "line", "error"}],
///   "config": [{ "file", "status", "errors": [{"line", "error"}],
///                "parsed": [{ "directive", "line", "args", "block"?, "includes"? }] }] }
/// </code>
/// <c>config[0]</c> is the main file, then the included files in the order crossplane lists them
/// (breadth first: a file's includes are appended as they are met); <c>includes</c> are indexes into
/// <c>config</c>. Arguments are in crossplane's form (<see cref="Arguments"/>).
/// </summary>
public static class CrossplaneWriter
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The payload as JSON text. <paramref name="errors"/> (see <see cref="CrossplaneParser"/>) are listed globally and under the file they name.</summary>
    public static string Write(ConfigTree tree, IEnumerable<CrossplaneError> errors, bool withIncludes = true, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Compact with { Indented = indented }))
            Write(writer, tree, errors.ToList(), withIncludes);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// The payload for a main file that could not be read at all, as crossplane gives it: the error,
    /// and the file listed as failed with nothing parsed.
    /// </summary>
    public static string WriteFailure(CrossplaneError error, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Compact with { Indented = indented }))
        {
            writer.WriteStartObject();
            writer.WriteString("status", "failed");
            WriteErrors(writer, [error], withFile: true);
            writer.WriteStartArray("config");
            writer.WriteStartObject();
            writer.WriteString("file", error.File);
            writer.WriteString("status", "failed");
            WriteErrors(writer, [error], withFile: false);
            writer.WriteStartArray("parsed");
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, ConfigTree tree, IReadOnlyList<CrossplaneError> errors, bool withIncludes = true)
    {
        var files = CrossplaneOrder(tree.Root, withIncludes);
        var index = new Dictionary<ConfigFile, int>(ReferenceEqualityComparer.Instance);
        foreach (var file in files)
            index[file] = index.Count;

        writer.WriteStartObject();
        writer.WriteString("status", errors.Count == 0 ? "ok" : "failed");
        WriteErrors(writer, errors, withFile: true);
        writer.WriteStartArray("config");
        foreach (var file in files)
        {
            var own = errors.Where(e => e.File == file.Path).ToList();
            writer.WriteStartObject();
            writer.WriteString("file", file.Path);
            writer.WriteString("status", own.Count == 0 ? "ok" : "failed");
            WriteErrors(writer, own, withFile: false);
            writer.WritePropertyName("parsed");
            WriteBlock(writer, file.Directives, withIncludes ? index : null);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// A directive's arguments as crossplane writes them: the raw text, a quote's own escape dropped
    /// (<see cref="ConfigArgument.CrossplaneText"/>), and for <c>if</c> the condition's outer
    /// parentheses removed (<c>if ($a ~ b)</c> gives <c>$a ~ b</c>).
    /// </summary>
    public static List<string> Arguments(ConfigDirective directive)
    {
        var args = directive.Args.Select(a => a.CrossplaneText).ToList();
        return directive.Name == "if" ? WithoutIfParentheses(args) : args;
    }

    /// <summary>crossplane's <c>_prepare_if_args</c>: an <c>if</c> condition without its outer parentheses, empty words dropped.</summary>
    public static List<string> WithoutIfParentheses(List<string> args)
    {
        if (args.Count == 0 || !args[0].StartsWith('(') || !args[^1].EndsWith(')'))
            return args;
        args[0] = args[0][1..].TrimStart();
        args[^1] = args[^1][..^1].TrimEnd();
        var start = args[0].Length == 0 ? 1 : 0;
        var end = args.Count - (args[^1].Length == 0 ? 1 : 0);
        return start <= end ? args[start..end] : [];
    }

    /// <summary>The main file, then every included file once, breadth first as crossplane queues them.</summary>
    public static List<ConfigFile> CrossplaneOrder(ConfigFile root, bool withIncludes = true)
    {
        var files = new List<ConfigFile> { root };
        var seen = new HashSet<ConfigFile>(ReferenceEqualityComparer.Instance) { root };
        for (var i = 0; withIncludes && i < files.Count; i++)
            foreach (var included in IncludedFiles(files[i].Directives))
                if (seen.Add(included))
                    files.Add(included);
        return files;
    }

    private static IEnumerable<ConfigFile> IncludedFiles(IEnumerable<ConfigDirective> block)
    {
        foreach (var directive in block)
        {
            foreach (var file in directive.Includes)
                yield return file;
            if (directive.Block is not null)
                foreach (var file in IncludedFiles(directive.Block))
                    yield return file;
        }
    }

    private static void WriteBlock(Utf8JsonWriter writer, IReadOnlyList<ConfigDirective> block, Dictionary<ConfigFile, int>? index)
    {
        writer.WriteStartArray();
        foreach (var directive in block)
        {
            writer.WriteStartObject();
            writer.WriteString("directive", ConfigText.WithReplacementCharacters(directive.Name));
            writer.WriteNumber("line", directive.Position.Line);
            writer.WriteStartArray("args");
            foreach (var argument in Arguments(directive))
                writer.WriteStringValue(argument);
            writer.WriteEndArray();
            if (directive.Block is not null)
            {
                writer.WritePropertyName("block");
                WriteBlock(writer, directive.Block, index);
            }
            if (index is not null && directive.Name == "include" && directive.Block is null)
            {
                writer.WriteStartArray("includes");
                foreach (var file in directive.Includes)
                    writer.WriteNumberValue(index[file]);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteErrors(Utf8JsonWriter writer, IReadOnlyList<CrossplaneError> errors, bool withFile)
    {
        writer.WriteStartArray("errors");
        foreach (var error in errors)
        {
            writer.WriteStartObject();
            if (withFile)
                writer.WriteString("file", error.File);
            writer.WriteString("error", ConfigText.WithReplacementCharacters(error.Error));
            if (error.Line is { } line)
                writer.WriteNumber("line", line);
            else
                writer.WriteNull("line");
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
