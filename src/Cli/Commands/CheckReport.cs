using System.Text.Json;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Runtime.Core;

namespace ProxyServer.Cli.Commands;

/// <summary>What <c>check --format</c> writes on stdout.</summary>
internal enum CheckFormat
{
    /// <summary>For people: <c>FILE:LINE:COL: error: ...</c>, the source line and a caret, then nginx's verdict lines.</summary>
    Text,

    /// <summary>One JSON object: the verdict, the counts and every diagnostic with its rule, file, line and column.</summary>
    Json,

    /// <summary>A SARIF 2.1.0 log, which code-scanning tools read: one rule per diagnostic kind, a region per finding.</summary>
    Sarif,
}

/// <summary>
/// The machine-readable forms of a check: <see cref="WriteJson"/> and <see cref="WriteSarif"/>. Both list
/// every diagnostic (text stops after 200) with the rule id <see cref="DiagnosticRule"/> reads off its wording.
/// </summary>
internal static class CheckReport
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>
    /// <c>{"file", "ok", "errors", "warnings", "diagnostics": [{"severity", "rule", "message", "note",
    /// "file", "line", "column", "nginx"}]}</c>; <c>line</c> and <c>column</c> are 0 for a finding about a
    /// whole file; <c>nginx</c> is the line <c>nginx -t</c> would print.
    /// </summary>
    public static void WriteJson(Stream output, CheckResult result)
    {
        using var json = new Utf8JsonWriter(output, Indented);
        json.WriteStartObject();
        json.WriteString("file", result.Path);
        json.WriteBoolean("ok", result.Ok);
        json.WriteNumber("errors", result.ErrorCount);
        json.WriteNumber("warnings", result.WarningCount);
        json.WriteStartArray("diagnostics");
        foreach (var diagnostic in result.Diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("severity", Level(diagnostic));
            json.WriteString("rule", DiagnosticRule.Of(diagnostic).Id);
            json.WriteString("message", diagnostic.Message);
            if (diagnostic.Note is { } note) json.WriteString("note", note);
            json.WriteString("file", diagnostic.Position.File);
            json.WriteNumber("line", diagnostic.Position.Line);
            json.WriteNumber("column", diagnostic.Position.Column);
            json.WriteString("nginx", diagnostic.NginxText);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>
    /// A SARIF 2.1.0 log with one run: the tool's rules (one per diagnostic kind found, its template as
    /// the description) and one result per diagnostic. A file under the working directory is named
    /// relative to it under the base id <c>SRCROOT</c> (what code-scanning uploads expect: paths from the
    /// repository's root); any other by its absolute <c>file://</c> URI. A finding about a whole file has
    /// no region.
    /// </summary>
    public static void WriteSarif(Stream output, CheckResult result, string workingDirectory)
    {
        var root = workingDirectory.EndsWith('/') ? workingDirectory : workingDirectory + "/";
        var rules = result.Diagnostics.Select(DiagnosticRule.Of).DistinctBy(rule => rule.Id).ToList();
        var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(pair => pair.Id, pair => pair.index);
        // A rule's level is its first finding's: every kind but the analysis warnings is always one or the other.
        var ruleLevel = result.Diagnostics.GroupBy(d => DiagnosticRule.Of(d).Id).ToDictionary(g => g.Key, g => Level(g.First()));

        using var json = new Utf8JsonWriter(output, Indented);
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ServerIdentity.Name);
        json.WriteString("version", ServerIdentity.Version);
        json.WriteString("semanticVersion", ServerIdentity.Version);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Template);
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", ruleLevel[rule.Id]);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject("SRCROOT");
        json.WriteString("uri", new Uri(root).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", true);
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteString("columnKind", "utf16CodeUnits");
        json.WriteStartArray("results");
        foreach (var diagnostic in result.Diagnostics)
        {
            var rule = DiagnosticRule.Of(diagnostic);
            json.WriteStartObject();
            json.WriteString("ruleId", rule.Id);
            json.WriteNumber("ruleIndex", ruleIndex[rule.Id]);
            json.WriteString("level", Level(diagnostic));
            json.WriteStartObject("message");
            json.WriteString("text", diagnostic.Note is { } note ? $"{diagnostic.Message} ({note})" : diagnostic.Message);
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            WriteArtifactUri(json, diagnostic.Position.File, root);
            json.WriteEndObject();
            if (diagnostic.Position.Line > 0)
            {
                json.WriteStartObject("region");
                json.WriteNumber("startLine", diagnostic.Position.Line);
                if (diagnostic.Position.Column > 0) json.WriteNumber("startColumn", diagnostic.Position.Column);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteArtifactUri(Utf8JsonWriter json, string file, string root)
    {
        var full = Path.GetFullPath(file);
        if (full.StartsWith(root, StringComparison.Ordinal))
        {
            // Relative references are written with each segment escaped, as a URI reference must be.
            json.WriteString("uri", string.Join('/', full[root.Length..].Split('/').Select(Uri.EscapeDataString)));
            json.WriteString("uriBaseId", "SRCROOT");
        }
        else
        {
            json.WriteString("uri", new Uri(full).AbsoluteUri);
        }
    }

    private static string Level(Diagnostic diagnostic) => diagnostic.Severity == Severity.Error ? "error" : "warning";
}
