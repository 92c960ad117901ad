using ProxyServer.NginxConf.Diagnostics;

namespace ProxyServer.NginxConf.Syntax;

/// <summary>The syntax of one file: its statements and every syntax error, in file order.</summary>
public sealed record ParseResult(ConfigFile File, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>Parses one config file's text (no includes followed; see <see cref="ConfigLoader"/>). Never throws on any input.</summary>
public static class ConfigParser
{
    public static ParseResult Parse(string text, string fileName)
    {
        var tokens = ConfigLexer.Tokenize(text, fileName, out var lexical);
        var statements = ConfigGrammar.ParseFile(tokens);

        var directives = new List<ConfigDirective>(statements.Count);
        var diagnostics = new List<Diagnostic>(lexical);
        foreach (var statement in statements)
        {
            if (statement.Directive is not null)
                directives.Add(statement.Directive);
            diagnostics.AddRange(statement.Errors);
        }
        diagnostics.AddRange(ValueListBlocks.NestedBlockErrors(directives));
        return new ParseResult(new ConfigFile(fileName, directives), InFileOrder(diagnostics));
    }

    /// <summary>Parses file bytes as nginx reads them (see <see cref="ConfigText.Decode"/> for non-UTF-8 bytes).</summary>
    public static ParseResult Parse(ReadOnlySpan<byte> bytes, string fileName) => Parse(ConfigText.Decode(bytes), fileName);

    private static List<Diagnostic> InFileOrder(List<Diagnostic> diagnostics) =>
        diagnostics
            .DistinctBy(d => (d.Message, d.Position))
            .OrderBy(d => d.Position.Line)
            .ThenBy(d => d.Position.Column)
            .ToList();
}
