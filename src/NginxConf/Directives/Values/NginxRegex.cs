using System.Text.RegularExpressions;

namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// nginx's PCRE regexes compiled for .NET. The syntax differences that real configs use are
/// converted: Python-style named groups <c>(?P&lt;name&gt;...)</c>, back-references <c>(?P=name)</c>
/// and quoted literals <c>\Q...\E</c>.
/// A pattern .NET cannot compile yields nginx's <c>pcre2_compile() failed: ... in "..." at "..."</c> wording.
/// </summary>
public static class NginxRegex
{
    private static readonly Regex PythonGroup = new(@"\(\?P<", RegexOptions.Compiled);
    private static readonly Regex PythonBackReference = new(@"\(\?P=(\w+)\)", RegexOptions.Compiled);

    private static readonly Regex QuotedLiteral = new(@"\\Q(.*?)(\\E|$)", RegexOptions.Compiled | RegexOptions.Singleline);

    /// <summary>Rewrites PCRE-only syntax into .NET's equivalent.</summary>
    public static string ToDotNet(string pattern)
    {
        var converted = pattern.Contains(@"\Q", StringComparison.Ordinal)
            ? QuotedLiteral.Replace(pattern, m => Regex.Escape(m.Groups[1].Value))
            : pattern;
        converted = PythonGroup.Replace(converted, "(?<");
        return PythonBackReference.Replace(converted, @"\k<$1>");
    }

    public static Parsed<Regex> Compile(string pattern, bool caseless, RegexOptions extra = RegexOptions.None)
    {
        var options = RegexOptions.CultureInvariant | extra | (caseless ? RegexOptions.IgnoreCase : RegexOptions.None);
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
