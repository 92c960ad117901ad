using System.Buffers;
using System.Text;
using ProxyServer.NginxConf.Diagnostics;

namespace ProxyServer.NginxConf.Syntax;

/// <summary>
/// Splits config text into tokens with nginx's own rules (<c>ngx_conf_read_token</c>):
/// <list type="bullet">
/// <item>a word ends at whitespace, <c>;</c> or <c>{</c>; <c>}</c>, <c>"</c>, <c>'</c> and <c>#</c> inside a word are ordinary characters;</item>
/// <item><c>#</c> starts a comment only where a token could start;</item>
/// <item>a backslash makes the next character ordinary, inside quotes or not;</item>
/// <item><c>{</c> right after a <c>$</c> stays in the word (<c>${a}b</c>);</item>
/// <item>a closing quote must be followed by whitespace, <c>;</c>, <c>{</c> or <c>)</c>, else <c>unexpected "x"</c>;</item>
/// <item>after <c>NAME_by_lua_block {</c> the body up to its matching <c>}</c> is one raw argument (Lua strings and comments may hold braces).</item>
/// </list>
/// It is a hand-written state machine rather than Pidgin: the rules above are stateful (what may follow
/// a quote, <c>$</c>/<c>{</c>, a raw Lua body chosen by the directive name), and a single pass over the
/// characters keeps 50 MB files linear. The grammar over these tokens is Pidgin (<see cref="ConfigGrammar"/>).
/// Lexical errors are collected and lexing goes on, so one run reports every problem it can.
/// </summary>
internal sealed class ConfigLexer
{
    /// <summary>Deeper nesting than any real config; stops a hostile input from exhausting the stack of the recursive grammar.</summary>
    public const int MaxBlockDepth = 100;

    private readonly string _text;
    private readonly string _file;
    /// <summary>Tokens of the current step, handed out before the next step runs.</summary>
    private readonly List<Token> _tokens = new(4);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _words =
        new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly List<Diagnostic> _diagnostics = [];
    private int _index;
    private int _line = 1;
    private int _lineStart;
    private int _depth;
    private string? _statementName;

    private ConfigLexer(string text, string file)
    {
        _text = text;
        _file = file;
    }

    /// <summary>
    /// The tokens of <paramref name="text"/>, produced lazily so a large file's tokens never all sit in
    /// memory at once; <paramref name="diagnostics"/> fills in as they are read.
    /// </summary>
    public static IEnumerable<Token> Tokenize(string text, string file, out List<Diagnostic> diagnostics)
    {
        var lexer = new ConfigLexer(text, file);
        diagnostics = lexer._diagnostics;
        return lexer.Run();
    }

    private SourcePosition Here => new(_file, _line, _index - _lineStart + 1);

    private bool AtEnd => _index >= _text.Length;

    private IEnumerable<Token> Run()
    {
        while (true)
        {
            foreach (var token in _tokens)
                yield return token;
            _tokens.Clear();
            SkipWhitespace();
            if (AtEnd)
                break;
            var at = Here;
            switch (_text[_index])
            {
                case '#':
                    SkipComment();
                    break;
                case ';':
                    Advance();
                    Emit(new Token(TokenKind.Semicolon, at));
                    _statementName = null;
                    break;
                case '{':
                    Advance();
                    if (_statementName is not null && _statementName.EndsWith("_by_lua_block", StringComparison.Ordinal))
                    {
                        LuaBlock();
                        break;
                    }
                    if (++_depth > MaxBlockDepth)
                    {
                        _diagnostics.Add(Diagnostic.Error($"blocks nested deeper than {MaxBlockDepth} levels", at));
                        _index = _text.Length;
                        break;
                    }
                    Emit(new Token(TokenKind.OpenBrace, at));
                    _statementName = null;
                    break;
                case '}':
                    Advance();
                    if (_depth > 0)
                        _depth--;
                    Emit(new Token(TokenKind.CloseBrace, at));
                    _statementName = null;
                    break;
                case '"':
                case '\'':
                    QuotedWord(at);
                    break;
                default:
                    BareWord(at);
                    break;
            }
        }
        yield return new Token(TokenKind.EndOfFile, Here);
    }

    private void Emit(Token token) => _tokens.Add(token);

    private void EmitWord(string raw, QuoteKind quote, SourcePosition at)
    {
        var value = quote == QuoteKind.RawBlock ? raw : Unescape(raw);
        _statementName ??= value;
        _tokens.Add(new Token(TokenKind.Word, at, new ConfigArgument(value, raw, quote, at)));
    }

    /// <summary>
    /// The text between two offsets, one string per distinct short word: configs repeat the same
    /// names and values (<c>proxy_set_header</c>, <c>$host</c>, <c>on</c>) thousands of times, and
    /// sharing them keeps a 50 MB config's tree a fraction of the size.
    /// </summary>
    private string Text(int start, int end)
    {
        var span = _text.AsSpan(start, end - start);
        if (span.Length > 64)
            return span.ToString();
        if (_words.TryGetValue(span, out var known))
            return known;
        var text = span.ToString();
        _words.Dictionary[text] = text;
        return text;
    }

    private void Advance()
    {
        if (_text[_index] == '\n')
            NewLineAt(_index);
        _index++;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private void SkipWhitespace()
    {
        while (!AtEnd && IsSpace(_text[_index]))
            Advance();
    }

    private void SkipComment()
    {
        var newline = _text.IndexOf('\n', _index);
        if (newline >= 0 && IsTooLong(_index, newline))
            _diagnostics.Add(Diagnostic.Error(TooLongStarted(_index), Here));
        _index = newline < 0 ? _text.Length : newline;
    }

    /// <summary>
    /// nginx reads a config through a 4096-byte buffer that must hold the whole token being read
    /// (a word, a quoted string up to the character after its closing quote, or a comment), so a
    /// longer one is an error when more input follows. Counted in the file's bytes, as nginx does.
    /// </summary>
    private const int NginxBufferBytes = 4096;

    private bool IsTooLong(int from, int to, bool inclusive = true)
    {
        var length = to - from + (inclusive ? 0 : -1);
        if (length >= NginxBufferBytes)
            return true;
        if (length * 3 < NginxBufferBytes)
            return false;
        var bytes = 0;
        foreach (var c in _text.AsSpan(from, to - from))
            bytes += c < 0x80 || c is >= '\uDC80' and <= '\uDCFF' ? 1 : c < 0x800 ? 2 : char.IsSurrogate(c) ? 2 : 3;
        return bytes - (inclusive ? 0 : 1) >= NginxBufferBytes;
    }

    /// <summary>nginx's message naming the first 10 bytes of the too long token.</summary>
    private string TooLongStarted(int from)
    {
        var bytes = ConfigText.ToBytes(_text.Substring(from, Math.Min(10, _text.Length - from)));
        return $"too long parameter \"{ConfigText.Decode(bytes.AsSpan(0, Math.Min(10, bytes.Length)))}...\" started";
    }

    /// <summary>The characters a bare word's scan must look at; everything else is simply part of the word.</summary>
    private static readonly SearchValues<char> BareWordSpecials = SearchValues.Create(" \t\r\n;{\\$");

    private void BareWord(SourcePosition at)
    {
        var start = _index;
        var i = _index;
        while (true)
        {
            var next = _text.AsSpan(i).IndexOfAny(BareWordSpecials);
            if (next < 0)
            {
                i = _text.Length;
                break;
            }
            i += next;
            var c = _text[i];
            if (c == '\\')
            {
                i = SkipEscaped(i);
                continue;
            }
            if (c == '$')
            {
                // "{" right after "$" stays in the word: ${name}.
                i++;
                if (i < _text.Length && _text[i] == '{')
                    i++;
                continue;
            }
            break; // whitespace, ";" or "{" ends the word
        }
        _index = i;
        if (!AtEnd && IsTooLong(start, _index))
            _diagnostics.Add(Diagnostic.Error(TooLongStarted(start), at));
        EmitWord(Text(start, _index), QuoteKind.None, at);
    }

    /// <summary>Past a backslash at <paramref name="backslash"/> and the character it escapes (which may be a newline).</summary>
    private int SkipEscaped(int backslash)
    {
        var escaped = backslash + 1;
        if (escaped >= _text.Length)
            return _text.Length;
        if (_text[escaped] == '\n')
            NewLineAt(escaped);
        return escaped + 1;
    }

    private void NewLineAt(int index)
    {
        _line++;
        _lineStart = index + 1;
    }

    private static readonly SearchValues<char> DoubleQuotedSpecials = SearchValues.Create("\"\\\n");
    private static readonly SearchValues<char> SingleQuotedSpecials = SearchValues.Create("'\\\n");

    private void QuotedWord(SourcePosition at)
    {
        var quote = _text[_index];
        Advance();
        var start = _index;
        var stops = quote == '"' ? DoubleQuotedSpecials : SingleQuotedSpecials;
        var i = _index;
        while (true)
        {
            var next = _text.AsSpan(i).IndexOfAny(stops);
            if (next < 0)
            {
                i = _text.Length;
                break;
            }
            i += next;
            if (_text[i] == quote)
                break;
            if (_text[i] == '\\')
            {
                i = SkipEscaped(i);
                continue;
            }
            NewLineAt(i++);
        }
        _index = i;
        var raw = Text(start, _index);
        EmitWord(raw, quote == '"' ? QuoteKind.Double : QuoteKind.Single, at);
        if (AtEnd)
        {
            if (IsTooLong(start, _index, inclusive: false))
                _diagnostics.Add(Diagnostic.Error($"too long parameter, probably missing terminating \"{quote}\" character", at));
            return; // the grammar reports the unexpected end of file
        }
        Advance();
        if (AtEnd)
            return;
        if (IsTooLong(start, _index))
            _diagnostics.Add(Diagnostic.Error(IsTooLong(start, _index - 1)
                ? $"too long parameter, probably missing terminating \"{quote}\" character"
                : TooLongStarted(start), at));
        var following = _text[_index];
        if (!IsSpace(following) && following is not (';' or '{' or ')'))
            _diagnostics.Add(Diagnostic.Error($"unexpected \"{following}\"", Here));
    }

    /// <summary>nginx's unescaping of a token: \" \' \\ lose the backslash, \t \r \n become control characters, other \x stay.</summary>
    internal static string Unescape(string raw)
    {
        var backslash = raw.IndexOf('\\');
        if (backslash < 0)
            return raw;
        var text = new StringBuilder(raw.Length);
        text.Append(raw, 0, backslash);
        for (var i = backslash; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                switch (raw[i + 1])
                {
                    case '"' or '\'' or '\\':
                        text.Append(raw[++i]);
                        continue;
                    case 't':
                        text.Append('\t');
                        i++;
                        continue;
                    case 'r':
                        text.Append('\r');
                        i++;
                        continue;
                    case 'n':
                        text.Append('\n');
                        i++;
                        continue;
                }
            }
            text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>
    /// The body of a <c>*_by_lua_block</c>, after its opening brace, as one raw argument followed by an
    /// implied <c>;</c> (the statement is complete). Braces inside Lua strings, long brackets and comments do not count.
    /// </summary>
    private void LuaBlock()
    {
        var start = _index;
        var bodyAt = Here;
        var depth = 1;
        while (!AtEnd)
        {
            var c = _text[_index];
            switch (c)
            {
                case '{':
                    depth++;
                    Advance();
                    break;
                case '}':
                    if (--depth == 0)
                    {
                        var body = _text[start.._index];
                        var closeAt = Here;
                        Advance();
                        EmitWord(body, QuoteKind.RawBlock, bodyAt);
                        Emit(new Token(TokenKind.Semicolon, closeAt));
                        _statementName = null;
                        return;
                    }
                    Advance();
                    break;
                case '"' or '\'':
                    SkipLuaString(c);
                    break;
                case '-' when Peek(1) == '-':
                    Advance();
                    Advance();
                    if (!SkipLuaLongBracket())
                        SkipComment();
                    break;
                case '[' when LongBracketLevel() >= 0:
                    SkipLuaLongBracket();
                    break;
                default:
                    Advance();
                    break;
            }
        }
        // End of file inside the body: hand the text to the grammar, which reports the missing "}".
        EmitWord(_text[start.._index], QuoteKind.RawBlock, bodyAt);
    }

    private char Peek(int offset) => _index + offset < _text.Length ? _text[_index + offset] : '\0';

    private void SkipLuaString(char quote)
    {
        Advance();
        while (!AtEnd && _text[_index] != quote && _text[_index] != '\n')
        {
            if (_text[_index] == '\\' && _index + 1 < _text.Length)
                Advance();
            Advance();
        }
        if (!AtEnd && _text[_index] == quote)
            Advance();
    }

    /// <summary>The level of a Lua long bracket <c>[==[</c> starting here, or -1.</summary>
    private int LongBracketLevel()
    {
        if (Peek(0) != '[')
            return -1;
        var level = 0;
        while (Peek(1 + level) == '=')
            level++;
        return Peek(1 + level) == '[' ? level : -1;
    }

    /// <summary>Skips <c>[==[ ... ]==]</c> if one starts here.</summary>
    private bool SkipLuaLongBracket()
    {
        var level = LongBracketLevel();
        if (level < 0)
            return false;
        var close = "]" + new string('=', level) + "]";
        for (var i = 0; i < level + 2; i++)
            Advance();
        var end = _text.IndexOf(close, _index, StringComparison.Ordinal);
        var stop = end < 0 ? _text.Length : end + close.Length;
        while (_index < stop)
            Advance();
        return true;
    }
}
