using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Crossplane;

/// <summary>One error of crossplane's payload: the file being parsed, the line (null for a whole file) and crossplane's text.</summary>
public sealed record CrossplaneError(string File, int? Line, string Error);

/// <summary>The options of crossplane's <c>parse()</c> that <c>proxyserver parse</c> offers.</summary>
public sealed record CrossplaneParseOptions
{
    /// <summary>crossplane's <c>single</c>: the main file only, its includes neither followed nor opened.</summary>
    public bool SingleFile { get; init; }

    /// <summary>crossplane's <c>strict</c>: a directive crossplane does not know is an error.</summary>
    public bool Strict { get; init; }

    /// <summary>The block path the main file is read in: empty (crossplane's main context), or for example <c>["http"]</c> for a site file.</summary>
    public IReadOnlyList<string> Context { get; init; } = [];
}

/// <summary>
/// The errors crossplane's <c>parse()</c> reports for a loaded config, with its defaults (all errors
/// collected, context and argument checks on): a port of <c>crossplane/parser.py</c> (<c>_parse</c>)
/// run over each file's statements as tokens again. It follows crossplane where crossplane and nginx
/// part: an unknown directive is no error (but with <see cref="CrossplaneParseOptions.Strict"/>), the
/// checks use crossplane's directive table, a statement that fails its check is skipped with the
/// tokens after it read as crossplane reads them (a wrongly placed block's body as siblings, its
/// <c>}</c> closing the enclosing block), an included file is read in the context of the first
/// <c>include</c> that reached it, and a file is abandoned at an unbalanced brace or a statement cut
/// off by the end of the file. nginx-only errors (a quote followed by a letter, a block inside
/// <c>map</c>, a word over nginx's 4096-byte buffer, an include cycle) are not crossplane's. The tree
/// itself is not changed.
/// </summary>
public static class CrossplaneParser
{
    private static readonly Regex SystemCallFailure = new(@"^\w+\(\) ""(?<path>.*)"" failed \((?<errno>\d+): (?<text>.*)\)$", RegexOptions.CultureInvariant);

    public static IReadOnlyList<CrossplaneError> Errors(ConfigTree tree, CrossplaneParseOptions? options = null)
    {
        options ??= new CrossplaneParseOptions();
        var run = new Run(tree, options);
        return run.Parse();
    }

    /// <summary>crossplane's text for a file it could not open: Python's <c>OSError</c>, such as <c>[Errno 2] No such file or directory: 'x'</c>.</summary>
    public static string OpenError(string nginxMessage) =>
        SystemCallFailure.Match(nginxMessage) is { Success: true } failure
            ? $"[Errno {failure.Groups["errno"].Value}] {failure.Groups["text"].Value}: '{failure.Groups["path"].Value}'"
            : nginxMessage;

    /// <summary>A token as crossplane's lexer yields it: text, line, and whether it was quoted (a quoted <c>;</c> is an argument).</summary>
    private readonly record struct CrossplaneToken(string Text, int Line, bool Quoted, ConfigDirective? Statement = null)
    {
        public bool Is(string structural) => !Quoted && Text == structural;
    }

    /// <summary>Why crossplane stopped reading a file: a syntax error, or its leaked <c>StopIteration</c> (an empty error without a line).</summary>
    private sealed class FileAbandoned(string error, int? line) : Exception(error)
    {
        public string Error { get; } = error;
        public int? Line { get; } = line;
    }

    /// <summary>The token stream of one file with crossplane's brace balancing (<c>lexer._balance_braces</c>).</summary>
    private sealed class TokenReader(List<CrossplaneToken> tokens, int? unclosedAtLine)
    {
        private int _index;
        private int _depth;

        /// <summary>The next token, or false at the end (the <c>for token in tokens</c> loop ending).</summary>
        public bool TryNext(out CrossplaneToken token)
        {
            if (_index == tokens.Count)
            {
                if (_depth > 0 || unclosedAtLine is not null)
                    throw new FileAbandoned("unexpected end of file, expecting \"}\"", unclosedAtLine ?? tokens[^1].Line);
                token = default;
                return false;
            }
            token = tokens[_index++];
            if (token.Is("}") && --_depth < 0)
                throw new FileAbandoned("unexpected \"}\"", token.Line);
            if (token.Is("{"))
                _depth++;
            return true;
        }

        /// <summary>The next token where one must follow (<c>next(tokens)</c>): the end of the file here is crossplane's empty error.</summary>
        public CrossplaneToken Next() => TryNext(out var token) ? token : throw new FileAbandoned("", null);
    }

    private sealed class Run(ConfigTree tree, CrossplaneParseOptions options)
    {
        private readonly List<CrossplaneError> _errors = [];
        private readonly List<(ConfigFile File, IReadOnlyList<string> Context)> _queue = [];
        private readonly HashSet<ConfigFile> _queued = new(ReferenceEqualityComparer.Instance);
        private readonly ILookup<string, Diagnostic> _diagnostics = tree.Diagnostics.ToLookup(d => d.Position.File, StringComparer.Ordinal);
        private string _file = "";

        public List<CrossplaneError> Parse()
        {
            _queue.Add((tree.Root, options.Context));
            _queued.Add(tree.Root);
            // The queue grows as includes are met, as crossplane's does.
            for (var i = 0; i < _queue.Count; i++)
            {
                var (file, context) = _queue[i];
                _file = file.Path;
                var own = _diagnostics[file.Path].ToList();
                if (own.FirstOrDefault(d => d.Position.Line == 0 && SystemCallFailure.IsMatch(d.Message)) is { } unreadable)
                {
                    Report(OpenError(unreadable.Message), null);
                    continue;
                }
                // Our lexer's guard against hostile nesting stops reading the file: no crossplane counterpart, but no parse either.
                foreach (var limit in own.Where(d => d.Message.StartsWith("blocks nested deeper than", StringComparison.Ordinal)))
                    Report(limit.NginxText, limit.Position.Line);
                try
                {
                    ParseBlock(Replay(file, own), context, consume: false);
                }
                catch (FileAbandoned abandoned)
                {
                    Report(abandoned.Line is { } line ? $"{abandoned.Error} in {_file}:{line}" : abandoned.Error, abandoned.Line);
                }
            }
            return _errors;
        }

        private void Report(string error, int? line) => _errors.Add(new CrossplaneError(_file, line, error));

        /// <summary>crossplane's <c>_parse</c>: reads statements until the block's <c>}</c>, checking each; <paramref name="consume"/> skips a block.</summary>
        private void ParseBlock(TokenReader tokens, IReadOnlyList<string> context, bool consume)
        {
            while (tokens.TryNext(out var token))
            {
                if (token.Is("}"))
                    break;
                if (consume)
                {
                    if (token.Is("{"))
                        ParseBlock(tokens, context, consume: true);
                    continue;
                }

                var name = token.Text;
                var line = token.Line;
                var args = new List<string>();
                var terminator = tokens.Next();
                while (!(terminator.Is("{") || terminator.Is(";") || terminator.Is("}")))
                {
                    args.Add(terminator.Text);
                    terminator = tokens.Next();
                }
                if (name == "if")
                    args = CrossplaneWriter.WithoutIfParentheses(args);

                if (CrossplaneAnalyzer.Analyze(name, args, terminator.Text, context, options.Strict) is { } error)
                {
                    Report($"{error} in {_file}:{line}", line);
                    // A block where none belongs is skipped whole; a statement that ate its block's "}" ends the block.
                    if (error.EndsWith(" is not terminated by \";\"", StringComparison.Ordinal))
                    {
                        if (!terminator.Is("}"))
                            ParseBlock(tokens, context, consume: true);
                        else
                            break;
                    }
                    continue;
                }

                if (!options.SingleFile && name == "include" && token.Statement is { } include)
                    Include(include, line, context);

                if (terminator.Is("{"))
                    ParseBlock(tokens, CrossplaneAnalyzer.EnterBlock(name, context), consume: false);
            }
        }

        /// <summary>Queues the files an include reached (each once, in the context it was first met in) and reports the ones that could not be opened.</summary>
        private void Include(ConfigDirective include, int line, IReadOnlyList<string> context)
        {
            foreach (var failure in _diagnostics[include.TerminatorPosition.File]
                         .Where(d => d.Position == include.TerminatorPosition && SystemCallFailure.IsMatch(d.Message)))
                Report(OpenError(failure.Message), line);
            foreach (var file in include.Includes)
                if (_queued.Add(file))
                    _queue.Add((file, context));
        }

        /// <summary>
        /// A file's statements as crossplane's lexer would have yielded them. Our grammar dropped what
        /// nginx cannot read; its errors put back what changes crossplane's reading: a statement ended by
        /// <c>}</c> or by the end of the file has no terminator, a stray <c>;</c> is a token (crossplane
        /// takes it for a directive name), a <c>}</c> too many is a token, a missing one is noted.
        /// </summary>
        private static TokenReader Replay(ConfigFile file, List<Diagnostic> diagnostics)
        {
            var endedByBrace = Positions(diagnostics, "unexpected \"}\"");
            var endedByEof = Positions(diagnostics, "unexpected end of file, expecting \";\" or \"}\"");
            // A block's "}" has no position of its own (At is null): it stays wherever the tree puts it.
            var tokens = new List<(CrossplaneToken Token, SourcePosition? At)>();
            var terminators = new HashSet<SourcePosition>();
            Emit(file.Directives, depth: 0);

            // A stray token goes before the first statement token after it: "};" and "x;;" read as written.
            foreach (var stray in diagnostics.Where(d => d.Message == "unexpected \";\"" || d.Message == "unexpected \"}\"" && !terminators.Contains(d.Position)))
            {
                var text = stray.Message == "unexpected \";\"" ? ";" : "}";
                var before = tokens.FindIndex(t => t.At is { } at && !Before(at, stray.Position));
                tokens.Insert(before < 0 ? tokens.Count : before, (new CrossplaneToken(text, stray.Position.Line, false), stray.Position));
            }

            int? unclosedAt = null;
            if (diagnostics.FirstOrDefault(d => d.Message == "unexpected end of file, expecting \"}\"") is { } eof)
            {
                // The blocks still open at the end were never closed: the file ends where the tree's "}" would stand.
                while (tokens.Count > 0 && tokens[^1].At is null)
                    tokens.RemoveAt(tokens.Count - 1);
                // crossplane names the line of the last token its lexer yielded. A file ending in a newline
                // ends on the line before the end; a bare word the file ends in is never yielded at all.
                unclosedAt = eof.Position.Line;
                if (eof.Position.Column == 1 && eof.Position.Line > 1)
                    unclosedAt = eof.Position.Line - 1;
                else if (tokens.Count > 1 && tokens[^1].Token is { Quoted: false } last && last.Line == eof.Position.Line && last.Text is not (";" or "{" or "}"))
                    unclosedAt = tokens[^2].Token.Line;
            }
            return new TokenReader(tokens.Select(t => t.Token).ToList(), unclosedAt);

            void Emit(IReadOnlyList<ConfigDirective> block, int depth)
            {
                foreach (var directive in block)
                {
                    tokens.Add((new CrossplaneToken(directive.Name, directive.Position.Line, false, directive), directive.Position));
                    foreach (var argument in directive.Args)
                        tokens.Add((new CrossplaneToken(argument.CrossplaneText, argument.Position.Line, argument.Quote != QuoteKind.None), argument.Position));
                    var end = directive.TerminatorPosition;
                    if (directive.Block is not null)
                    {
                        tokens.Add((new CrossplaneToken("{", end.Line, false), end));
                        Emit(directive.Block, depth + 1);
                        tokens.Add((new CrossplaneToken("}", end.Line, false), null));
                    }
                    else if (endedByBrace.Contains(end))
                    {
                        terminators.Add(end);
                        // Inside a block the block's own "}" follows and ends the statement; at the top it is a "}" too many.
                        if (depth == 0)
                            tokens.Add((new CrossplaneToken("}", end.Line, false), end));
                    }
                    else if (!endedByEof.Contains(end))
                    {
                        tokens.Add((new CrossplaneToken(";", end.Line, false), end));
                    }
                }
            }
        }

        private static HashSet<SourcePosition> Positions(List<Diagnostic> diagnostics, string message) =>
            diagnostics.Where(d => d.Message == message).Select(d => d.Position).ToHashSet();

        private static bool Before(SourcePosition a, SourcePosition b) => a.Line < b.Line || a.Line == b.Line && a.Column < b.Column;
    }
}
