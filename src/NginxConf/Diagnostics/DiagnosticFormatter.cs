using System.Text;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Diagnostics;

/// <summary>
/// Renders diagnostics for people (<c>FILE:LINE:COL: error: MESSAGE</c>, the source line, a caret, a note)
/// or as nginx prints them (<c>PROGRAM: [emerg] MESSAGE in FILE:LINE</c>).
/// </summary>
public sealed class DiagnosticFormatter
{
    private readonly Dictionary<string, string[]?> _sources = new(StringComparer.Ordinal);

    public string Human(Diagnostic diagnostic)
    {
        var text = new StringBuilder();
        var position = diagnostic.Position;
        var severity = diagnostic.Severity == Severity.Error ? "error" : "warning";
        text.Append(position.Line > 0 ? $"{position.File}:{position.Line}:{position.Column}" : position.File)
            .Append($": {severity}: {diagnostic.Message}");
        if (position.Line > 0 && SourceLine(position) is { } line)
        {
            var gutter = position.Line.ToString();
            text.Append('\n').Append($" {gutter} | {line}");
            var caretPrefix = new string(line.Take(Math.Max(0, position.Column - 1)).Select(c => c == '\t' ? '\t' : ' ').ToArray());
            text.Append('\n').Append($" {new string(' ', gutter.Length)} | {caretPrefix}^");
        }
        if (diagnostic.Note is { } note)
            text.Append('\n').Append($"  note: {note}");
        return text.ToString();
    }

    /// <summary>nginx's own line: <c>[emerg]</c> for errors, <c>[warn]</c> for warnings.</summary>
    public static string Nginx(Diagnostic diagnostic, string program)
    {
        var level = diagnostic.Severity == Severity.Error ? "emerg" : "warn";
        return $"{program}: [{level}] {diagnostic.NginxText}";
    }

    public static string Summary(int errors, int warnings) =>
        $"{errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}";

    private string? SourceLine(SourcePosition position)
    {
        if (!_sources.TryGetValue(position.File, out var lines))
        {
            lines = null;
            try
            {
                if (File.Exists(position.File) && new FileInfo(position.File).Length <= 64L * 1024 * 1024)
                    lines = ConfigText.Decode(File.ReadAllBytes(position.File)).Split('\n');
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            _sources[position.File] = lines;
        }
        if (lines is null || position.Line > lines.Length) return null;
        var line = lines[position.Line - 1].TrimEnd('\r');
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}
