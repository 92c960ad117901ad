namespace ProxyServer.NginxConf.Syntax;

public enum QuoteKind { None, Single, Double }

/// <summary>
/// One argument of a directive.
/// <see cref="Value"/> is what nginx itself hands to a module: quotes removed and
/// <c>\" \' \\ \t \r \n</c> unescaped, every other <c>\x</c> kept as written (regexes rely on that).
/// <see cref="Raw"/> is the token text between its quotes, byte for byte as in the file.
/// </summary>
public sealed record ConfigArgument(string Value, string Raw, QuoteKind Quote, SourcePosition Position)
{
    public bool IsQuoted => Quote != QuoteKind.None;
    public override string ToString() => Value;
}
