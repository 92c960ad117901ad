namespace ProxyServer.NginxConf.Syntax;

/// <summary>
/// How an argument was written. <see cref="RawBlock"/> is the body of a <c>*_by_lua_block { ... }</c>:
/// the code between the braces, kept verbatim as one argument (as nginx's lua module and crossplane do).
/// </summary>
public enum QuoteKind { None, Single, Double, RawBlock }

/// <summary>
/// One argument of a directive.
/// <see cref="Value"/> is what nginx itself hands to a module: quotes removed and
/// <c>\" \' \\ \t \r \n</c> unescaped, every other <c>\x</c> kept as written (regexes rely on that).
/// <see cref="Raw"/> is the token text between its quotes, byte for byte as in the file.
/// Bytes that are not UTF-8 are kept losslessly as U+DC80..U+DCFF (see <see cref="ConfigText"/>).
/// </summary>
public sealed record ConfigArgument(string Value, string Raw, QuoteKind Quote, SourcePosition Position)
{
    public bool IsQuoted => Quote is QuoteKind.Single or QuoteKind.Double;

    /// <summary>
    /// The argument as crossplane prints it: the raw text, where inside quotes the backslash before
    /// that same quote is dropped (<c>\"</c> becomes <c>"</c>; <c>\\</c> and <c>\n</c> stay two
    /// characters). Bytes that were not UTF-8 become U+FFFD, as crossplane's decoder replaces them.
    /// </summary>
    public string CrossplaneText => ConfigText.WithReplacementCharacters(Quote switch
    {
        QuoteKind.Double => DropEscapeBefore(Raw, '"'),
        QuoteKind.Single => DropEscapeBefore(Raw, '\''),
        _ => Raw,
    });

    public override string ToString() => Value;

    private static string DropEscapeBefore(string raw, char quote)
    {
        if (raw.IndexOf('\\') < 0)
            return raw;
        var text = new System.Text.StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            // An escape pairs the backslash with the next character, so "\\" never escapes a quote after it.
            if (raw[i] == '\\' && i + 1 < raw.Length)
            {
                if (raw[i + 1] != quote)
                    text.Append('\\');
                text.Append(raw[++i]);
            }
            else
            {
                text.Append(raw[i]);
            }
        }
        return text.ToString();
    }
}
