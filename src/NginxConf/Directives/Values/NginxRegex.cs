using System.Text.RegularExpressions;

namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// nginx's PCRE regexes compiled for .NET. The syntax differences that real configs use are
/// converted: Python-style named groups <c>(?P&lt;name&gt;...)</c>, back-references <c>(?P=name)</c>
/// and quoted literals <c>\Q...\E</c>.
/// A pattern .NET cannot compile yields nginx's <c>pcre2_compile() failed: ... in "..." at "..."</c> wording.
/// </summary>
public static partial class NginxRegex
{
    [GeneratedRegex(@"\(\?P<")]
    private static partial Regex PythonGroup();

    [GeneratedRegex(@"\(\?P=(\w+)\)")]
    private static partial Regex PythonBackReference();

    [GeneratedRegex(@"\\Q(.*?)(\\E|$)", RegexOptions.Singleline)]
    private static partial Regex QuotedLiteral();

    /// <summary>Big configs repeat the same patterns in every server: compile each once per process.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, RegexOptions), Parsed<Regex>> Cache = new();

    /// <summary>Rewrites PCRE-only syntax into .NET's equivalent.</summary>
    public static string ToDotNet(string pattern)
    {
        var converted = pattern.Contains(@"\Q", StringComparison.Ordinal)
            ? QuotedLiteral().Replace(pattern, m => Regex.Escape(m.Groups[1].Value))
            : pattern;
        converted = PythonGroup().Replace(converted, "(?<");
        return PythonBackReference().Replace(converted, @"\k<$1>");
    }

    public static Parsed<Regex> Compile(string pattern, bool caseless, RegexOptions extra = RegexOptions.None)
    {
        var options = RegexOptions.CultureInvariant | extra | (caseless ? RegexOptions.IgnoreCase : RegexOptions.None);
        // A Regex is immutable and thread-safe, so sharing one per (pattern, options) is safe.
        return Cache.Count < 10_000 ? Cache.GetOrAdd((pattern, options), key => Build(key.Item1, key.Item2)) : Build(pattern, options);
    }

    private static Parsed<Regex> Build(string pattern, RegexOptions options)
    {
        try
        {
            return Parsed<Regex>.Success(new Regex(ToDotNet(pattern), options, TimeSpan.FromSeconds(1)));
        }
        catch (RegexParseException e)
        {
            // Like PCRE2's message, name the rest of the pattern from the error on, unless the error is its end.
            var at = e.Offset > 0 && e.Offset < pattern.Length ? $" at \"{pattern[(e.Offset - 1)..]}\"" : "";
            return Parsed<Regex>.Fail($"pcre2_compile() failed: {Describe(e.Error)} in \"{pattern}\"{at}");
        }
        catch (ArgumentException e)
        {
            return Parsed<Regex>.Fail($"pcre2_compile() failed: {e.Message} in \"{pattern}\"");
        }
    }

    /// <summary>PCRE2's words for the errors real configs make; others as .NET names them.</summary>
    private static string Describe(RegexParseError error) => error switch
    {
        RegexParseError.InsufficientClosingParentheses => "missing closing parenthesis",
        RegexParseError.InsufficientOpeningParentheses => "unmatched closing parenthesis",
        RegexParseError.UnterminatedBracket => "missing terminating ] for character class",
        RegexParseError.QuantifierAfterNothing => "quantifier does not follow a repeatable item",
        RegexParseError.NestedQuantifiersNotParenthesized => "quantifier does not follow a repeatable item",
        RegexParseError.ReversedCharacterRange => "range out of order in character class",
        RegexParseError.ReversedQuantifierRange => "numbers out of order in {} quantifier",
        RegexParseError.UnescapedEndingBackslash => "\\ at end of pattern",
        _ => Regex.Replace(error.ToString(), "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant(),
    };
}
