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
        Rec(() => Statement!).Many().Select(AsList);

    /// <summary>The closing brace, or nginx's error at the end of the file; yields the error if any.</summary>
    private static readonly Parser<Token, Diagnostic?> BlockEnd = OneOf(
        CloseBrace.ThenReturn((Diagnostic?)null),
        Lookahead(EndOfFile).Select(eof => (Diagnostic?)Error("unexpected end of file, expecting \"}\"", eof)));

    private static readonly Parser<Token, Ending> BracedBlock =
        Map((open, block, error) => new Ending(open, block, error), OpenBrace, Block, BlockEnd);

    /// <summary>What ends a statement's words: the terminator, the block if any, and nginx's error if the ending is wrong.</summary>
    private static readonly Parser<Token, Ending> Terminator = OneOf(
        Semicolon.Select(semicolon => new Ending(semicolon, null, null)),
        BracedBlock,
        Lookahead(CloseBrace).Select(close => new Ending(close, null, Error("unexpected \"}\"", close))),
        Lookahead(EndOfFile).Select(eof => new Ending(eof, null, Error("unexpected end of file, expecting \";\" or \"}\"", eof))));

    private static readonly Parser<Token, Statement> Directive =
        Map(Finish, Word.AtLeastOnce().Select(AsList), Terminator);

    private static readonly Parser<Token, Statement> StraySemicolon =
        Semicolon.Select(semicolon => Syntax.Statement.Failed(Error("unexpected \";\"", semicolon), null));

    private static readonly Parser<Token, Statement> StrayBlock =
        BracedBlock.Select(braced => Syntax.Statement.Failed(Error("unexpected \"{\"", braced.Terminator), braced));

    private static readonly Parser<Token, Statement> Statement = OneOf(Directive, StraySemicolon, StrayBlock).Labelled("statement");

    private static readonly Parser<Token, Statement> StrayCloseBrace =
        CloseBrace.Select(close => Syntax.Statement.Failed(Error("unexpected \"}\"", close), null));

    private static readonly Parser<Token, List<Statement>> File =
        OneOf(Statement, StrayCloseBrace).Many().Select(AsList).Before(EndOfFile);

    /// <summary>Parses a whole token list; the grammar is total, so this always yields statements.</summary>
    public static List<Statement> ParseFile(IEnumerable<Token> tokens)
    {
        var result = File.Parse(tokens);
        return result.Success ? result.Value : throw new InvalidOperationException($"config grammar is not total: {result.Error}");
    }

    private static Statement Finish(List<ConfigArgument> words, Ending ending)
    {
        List<ConfigDirective>? block = null;
        if (ending.Block is not null)
        {
            block = new List<ConfigDirective>(ending.Block.Count);
            foreach (var statement in ending.Block)
                if (statement.Directive is not null)
                    block.Add(statement.Directive);
        }
        var directive = new ConfigDirective(words[0].Value, words.GetRange(1, words.Count - 1), block, words[0].Position)
        {
            TerminatorPosition = ending.Terminator.Position,
        };
        return new Statement(directive, ending.Errors());
    }

    // Pidgin's repetitions build lists already; reuse them instead of copying.
    private static List<T> AsList<T>(IEnumerable<T> items) => items as List<T> ?? items.ToList();

    private static Diagnostic Error(string message, Token at) => Diagnostic.Error(message, at.Position);
}

/// <summary>How a statement ended: its terminator token, its block's statements, and nginx's error if the ending is wrong.</summary>
internal readonly record struct Ending(Token Terminator, List<Statement>? Block, Diagnostic? Error)
{
    /// <summary>This ending's error and every error inside its block, or an empty list (the common case, without allocating).</summary>
    public IReadOnlyList<Diagnostic> Errors()
    {
        var nested = Block is not null && Block.Exists(statement => statement.Errors.Count > 0);
        if (Error is null && !nested)
            return [];
        var errors = new List<Diagnostic>();
        if (Error is not null)
            errors.Add(Error);
        if (nested)
            errors.AddRange(Block!.SelectMany(statement => statement.Errors));
        return errors;
    }
}

/// <summary>A parsed statement (absent when the text was only an error) and every error found inside it.</summary>
internal sealed record Statement(ConfigDirective? Directive, IReadOnlyList<Diagnostic> Errors)
{
    public static Statement Failed(Diagnostic error, Ending? inside) =>
        new(null, [error, .. inside?.Errors() ?? []]);
}
