using System.Text;

namespace ProxyServer.NginxConf.Diagnostics;

/// <summary>
/// The kind of a diagnostic, for tools that group findings by rule (SARIF's <c>ruleId</c>, the JSON
/// report's <c>rule</c>). Diagnostics carry nginx's own wording and no code of their own, so the kind is
/// read off the wording: the message with its quoted values (<c>"grpc_pass"</c>), numbers and
/// punctuation taken out. <c>unknown directive "foo"</c> and <c>unknown directive "bar"</c> are one
/// rule, <c>unknown-directive</c>; <c>"listen" directive is not allowed here</c> is
/// <c>directive-is-not-allowed-here</c>. The id is stable as long as the wording is, which the tests
/// against nginx already hold still.
/// </summary>
/// <param name="Id">Lower-case words joined by <c>-</c>, at most <see cref="MaxIdLength"/> characters.</param>
/// <param name="Template">The message with each quoted value shown as <c>"..."</c>: the rule's one-line description.</param>
public sealed record DiagnosticRule(string Id, string Template)
{
    /// <summary>Long enough for every message nginx words today; a longer one is cut at a word.</summary>
    public const int MaxIdLength = 64;

    /// <summary>A message with nothing left once values are taken out (a bare quoted path) is of this kind.</summary>
    public const string OtherId = "other";

    public static DiagnosticRule Of(Diagnostic diagnostic) => Of(diagnostic.Message);

    public static DiagnosticRule Of(string message)
    {
        var template = new StringBuilder(message.Length);
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        foreach (var c in message)
        {
            if (c == '"')
            {
                if (!quoted) template.Append("\"...\"");
                quoted = !quoted;
                EndWord(word, words);
                continue;
            }
            if (quoted) continue;
            template.Append(c);
            if (char.IsAsciiLetter(c) || c == '_') word.Append(char.ToLowerInvariant(c));
            else EndWord(word, words);
        }
        EndWord(word, words);

        var id = new StringBuilder();
        foreach (var w in words)
        {
            if (id.Length + 1 + w.Length > MaxIdLength) break;
            if (id.Length > 0) id.Append('-');
            id.Append(w.Replace('_', '-'));
        }
        return new DiagnosticRule(id.Length > 0 ? id.ToString() : OtherId, template.ToString());
    }

    private static void EndWord(StringBuilder word, List<string> words)
    {
        if (word.Length == 0) return;
        words.Add(word.ToString());
        word.Clear();
    }
}
