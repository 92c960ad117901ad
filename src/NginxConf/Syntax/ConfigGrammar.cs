using Pidgin;
using ProxyServer.NginxConf.Diagnostics;
using static Pidgin.Parser;
using static Pidgin.Parser<ProxyServer.NginxConf.Syntax.Token>;

namespace ProxyServer.NginxConf.Syntax;

/// <summary>
/// The grammar of an nginx config file over <see cref="ConfigLexer"/>'s tokens, top to bottom:
/// <code>
/// file       := (statement | "}"!)* EOF
/// statement  := word+ terminator
///             | ";"!                         unexpected ";"
///             | "{"! block blockEnd          unexpected "{"
/// terminator := ";" | "{" block blockEnd
///             | &amp;"}"!                        unexpected "}"
///             | &amp;EOF!                        unexpected end of file, expecting ";" or "}"
/// block      := statement*
/// blockEnd   := "}" | &amp;EOF!                   unexpected end of file, expecting "}"
/// </code>
/// Every rule succeeds on every input (a "!" alternative records nginx's error and goes on), so one
/// parse reports all syntax errors, and a statement that lost its terminator still shows in the tree.
/// </summary>
internal static class ConfigGrammar
{
    private static Parser<Token, Token> Is(TokenKind kind) => Token(t => t.Kind == kind);

    private static readonly Parser<Token, Token> Semicolon = Is(TokenKind.Semicolon);
    private static readonly Parser<Token, Token> OpenBrace = Is(TokenKind.OpenBrace);
    private static readonly Parser<Token, Token> CloseBrace = Is(TokenKind.CloseBrace);
    private static readonly Parser<Token, Token> EndOfFile = Is(TokenKind.EndOfFile);
    private static readonly Parser<Token, ConfigArgument> Word = Is(TokenKind.Word).Select(t => t.Word!);

    private static readonly Parser<Token, List<Statement>> Block =
        Rec(() => Statement!).Many().Select(statements => statements.ToList());

    /// <summary>The closing brace, or nginx's error at the end of the file; yields the error if any.</summary>
    private static readonly Parser<Token, Diagnostic?> BlockEnd = OneOf(
        CloseBrace.ThenReturn((Diagnostic?)null),
        Lookahead(EndOfFile).Select(eof => (Diagnostic?)Error("unexpected end of file, expecting \"}\"", eof)));

    private static readonly Parser<Token, (List<Statement> Block, Diagnostic? Error)> BracedBlock =
        Map((block, error) => (block, error), Block, BlockEnd);

    /// <summary>What ends a statement's words; yields how to finish the statement from them.</summary>
    private static readonly Parser<Token, Func<List<ConfigArgument>, Statement>> Terminator = OneOf(
        Semicolon.Select(semicolon => Finish(semicolon, block: null, [])),
        Map((open, braced) => Finish(open, braced.Block, [braced.Error]), OpenBrace, BracedBlock),
        Lookahead(CloseBrace).Select(close => Finish(close, null, [Error("unexpected \"}\"", close)])),
        Lookahead(EndOfFile).Select(eof => Finish(eof, null, [Error("unexpected end of file, expecting \";\" or \"}\"", eof)])));

    private static readonly Parser<Token, Statement> Directive =
        Map((words, finish) => finish(words), Word.AtLeastOnce().Select(words => words.ToList()), Terminator);

    private static readonly Parser<Token, Statement> StraySemicolon =
        Semicolon.Select(semicolon => Syntax.Statement.Failed([Error("unexpected \";\"", semicolon)]));

    private static readonly Parser<Token, Statement> StrayBlock =
        Map((open, braced) => Syntax.Statement.Failed([Error("unexpected \"{\"", open), braced.Error, .. Errors(braced.Block)]),
            OpenBrace, BracedBlock);

    private static readonly Parser<Token, Statement> Statement = OneOf(Directive, StraySemicolon, StrayBlock);

    private static readonly Parser<Token, Statement> StrayCloseBrace =
        CloseBrace.Select(close => Syntax.Statement.Failed([Error("unexpected \"}\"", close)]));

    private static readonly Parser<Token, List<Statement>> File =
        OneOf(Statement, StrayCloseBrace).Many().Select(statements => statements.ToList()).Before(EndOfFile);

    /// <summary>Parses a whole token list; the grammar is total, so this always yields statements.</summary>
    public static List<Statement> ParseFile(Token[] tokens)
    {
        var result = File.Parse(tokens);
        return result.Success ? result.Value : throw new InvalidOperationException($"config grammar is not total: {result.Error}");
    }

    private static Func<List<ConfigArgument>, Statement> Finish(Token terminator, List<Statement>? block, Diagnostic?[] errors) =>
        words =>
        {
            var directive = new ConfigDirective(
                words[0].Value,
                words.GetRange(1, words.Count - 1),
                block?.Where(s => s.Directive is not null).Select(s => s.Directive!).ToList(),
                words[0].Position)
            {
                TerminatorPosition = terminator.Position,
            };
            return new Statement(directive, [.. errors.OfType<Diagnostic>(), .. Errors(block)]);
        };

    private static IEnumerable<Diagnostic> Errors(List<Statement>? block) =>
        block is null ? [] : block.SelectMany(statement => statement.Errors);

    private static Diagnostic Error(string message, Token at) => Diagnostic.Error(message, at.Position);
}

/// <summary>A parsed statement (absent when the text was only an error) and every error found inside it.</summary>
internal sealed record Statement(ConfigDirective? Directive, IReadOnlyList<Diagnostic> Errors)
{
    public static Statement Failed(IEnumerable<Diagnostic?> errors) => new(null, errors.OfType<Diagnostic>().ToList());
}
