namespace ProxyServer.Runtime.Variables;

/// <summary>
/// The literal text a PCRE pattern forces at the start or the end of every string it matches:
/// <c>^app1\.example\.com$</c> needs the prefix and the suffix <c>app1.example.com</c>,
/// <c>^(?&lt;sub&gt;.+)\.example\.com$</c> the suffix <c>.example.com</c>. A string without them
/// cannot match, so a long list of regexes tried in order can skip those regexes unseen.
/// The reading is conservative: anything it does not fully understand (inline flags, a top-level
/// <c>|</c>, <c>\Q</c>, escapes of letters) yields no literal rather than a wrong one.
/// </summary>
public static class RegexLiterals
{
    private const string MetaCharacters = "\\^$.[]|()?*+{}";

    /// <summary>The required prefix and suffix of <paramref name="pattern"/> ("" when none is certain).</summary>
    public static (string Prefix, string Suffix) RequiredAffixes(string pattern)
    {
        if (!IsPlain(pattern)) return ("", "");
        return (Prefix(pattern), Suffix(pattern));
    }

    /// <summary>The literal run after a leading <c>^</c>; a quantifier after it may repeat its last character zero times.</summary>
    private static string Prefix(string pattern)
    {
        if (pattern.Length == 0 || pattern[0] != '^') return "";
        var literal = new System.Text.StringBuilder();
        var i = 1;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length || char.IsAsciiLetterOrDigit(pattern[i + 1])) break;
                c = pattern[i + 1];
                i += 2;
            }
            else if (MetaCharacters.Contains(c)) break;
            else i++;
            if (i < pattern.Length && pattern[i] is '?' or '*' or '{') break;
            literal.Append(c);
        }
        return literal.ToString();
    }

    /// <summary>The literal run before a closing <c>$</c>, read backwards.</summary>
    private static string Suffix(string pattern)
    {
        var end = pattern.Length - 1;
        if (end < 1 || pattern[end] != '$' || IsEscaped(pattern, end)) return "";
        var literal = new System.Text.StringBuilder();
        var i = end - 1;
        while (i >= 0)
        {
            var c = pattern[i];
            if (IsEscaped(pattern, i))
            {
                if (char.IsAsciiLetterOrDigit(c)) break;
                i -= 2;
            }
            else if (MetaCharacters.Contains(c)) break;
            else i--;
            literal.Insert(0, c);
        }
        return literal.ToString();
    }

    private static bool IsEscaped(string pattern, int at)
    {
        var backslashes = 0;
        for (var i = at - 1; i >= 0 && pattern[i] == '\\'; i--) backslashes++;
        return backslashes % 2 == 1;
    }

    /// <summary>
    /// No construct that changes what a literal means: inline options (<c>(?i)</c>, <c>(?x)</c>),
    /// verbs (<c>(*CRLF)</c>), quoting (<c>\Q</c>), or an alternation at the top level, where each side has its own ends.
    /// </summary>
    private static bool IsPlain(string pattern)
    {
        // A leading verb such as (*CRLF) or (*UTF) changes what `$` and the bytes mean.
        if (pattern.StartsWith("(*", StringComparison.Ordinal)) return false;
        var depth = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] is 'Q' or 'E') return false;
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == ']') inClass = false;
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^') i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']') i++;
                    break;
                case '(':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?'
                        && (i + 2 >= pattern.Length || pattern[i + 2] is not (':' or '=' or '!' or '<' or 'P' or '\'' or '>')))
                        return false;
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '|' when depth == 0:
                    return false;
            }
        }
        return true;
    }
}
