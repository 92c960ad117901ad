namespace ProxyServer.NginxConf.Syntax;

internal enum TokenKind { Word, Semicolon, OpenBrace, CloseBrace, EndOfFile }

/// <summary>
/// One lexical unit as nginx's <c>ngx_conf_read_token</c> sees it. A word carries its finished
/// <see cref="ConfigArgument"/> so the grammar never re-reads text.
/// </summary>
internal readonly record struct Token(TokenKind Kind, SourcePosition Position, ConfigArgument? Word = null)
{
    public override string ToString() => Kind switch
    {
        TokenKind.Word => Word!.Raw,
        TokenKind.Semicolon => ";",
        TokenKind.OpenBrace => "{",
        TokenKind.CloseBrace => "}",
        _ => "end of file",
    };
}
