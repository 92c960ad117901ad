// Port of libinjection 4 (https://github.com/libinjection/libinjection, src/libinjection_sqli.c,
// the version naxsi bundles). Copyright (c) 2012-2016, Nick Galbreath; 2021 LibInjection.
// BSD-3-Clause: see COPYING.txt in this folder.

using System.Buffers;

namespace ProxyServer.Runtime.Waf.LibInjection;

/// <summary>How libinjection reads the input: as-is or as if a quote opened it, ANSI or MySQL comments.</summary>
[Flags]
internal enum SqliFlags
{
    None = 0,
    QuoteNone = 1,
    QuoteSingle = 2,
    QuoteDouble = 4,
    SqlAnsi = 8,
    SqlMysql = 16,
}

/// <summary>The token type characters (each is also the token's letter in a fingerprint).</summary>
internal static class SqliType
{
    public const byte None = 0;
    public const byte Keyword = (byte)'k';
    public const byte Union = (byte)'U';
    public const byte Group = (byte)'B';
    public const byte Expression = (byte)'E';
    public const byte SqlType = (byte)'t';
    public const byte Function = (byte)'f';
    public const byte Bareword = (byte)'n';
    public const byte Number = (byte)'1';
    public const byte Variable = (byte)'v';
    public const byte String = (byte)'s';
    public const byte Operator = (byte)'o';
    public const byte LogicOperator = (byte)'&';
    public const byte Comment = (byte)'c';
    public const byte Collate = (byte)'A';
    public const byte LeftParens = (byte)'(';
    public const byte RightParens = (byte)')';
    public const byte LeftBrace = (byte)'{';
    public const byte RightBrace = (byte)'}';
    public const byte Dot = (byte)'.';
    public const byte Comma = (byte)',';
    public const byte Colon = (byte)':';
    public const byte Semicolon = (byte)';';
    public const byte Tsql = (byte)'T';
    public const byte Unknown = (byte)'?';
    /// <summary>Input that cannot be parsed consistently (nested or MySQL version comments).</summary>
    public const byte Evil = (byte)'X';
    public const byte Fingerprint = (byte)'F';
    public const byte Backslash = (byte)'\\';
}

/// <summary>
/// libinjection's SQL tokenizer: the state of one pass over the input (<c>struct
/// libinjection_sqli_state</c>) and the parser of each kind of token. The folding and the
/// verdict are in <see cref="SqliFolder"/> and <see cref="Sqli"/>. Bytes are compared as C compares
/// its signed chars where that matters (a byte of 0x80 or more is "below" a space).
/// </summary>
internal ref partial struct SqliTokenizer
{
    private const byte Single = (byte)'\'';
    private const byte Double = (byte)'"';
    private const byte Tick = (byte)'`';

    // C's strchr() finds the terminating zero too, so a zero byte is in every one of these sets.
    private static readonly SearchValues<byte> WordEnd = SearchValues.Create([.. " []{}<>:\\?=@!#~+-*/&|^%(),';\t\n\v\f\r\"\0"u8, 0xA0]);
    private static readonly SearchValues<byte> VarEnd = SearchValues.Create(" <>:\\?=@!#~+-*/&|^%(),';\t\n\v\f\r'`\"\0"u8);
    private static readonly SearchValues<byte> White = SearchValues.Create([.. " \t\n\v\f\r\0"u8, 0xA0]);

    public ReadOnlySpan<byte> S;
    /// <summary>The token slots (8, as libinjection's <c>tokenvec</c>); the caller's, usually on the stack.</summary>
    public readonly Span<SqliToken> Tokens;
    public SqliFlags Flags;
    public int Pos;
    public int Current;
    public int StatsCommentDdx;
    public int StatsCommentHash;
    public int StatsFolds;
    public int StatsTokens;

    public const int TokenSlots = 8;

    public SqliTokenizer(ReadOnlySpan<byte> input, Span<SqliToken> tokens, SqliFlags flags)
    {
        S = input;
        Tokens = tokens;
        Reset(flags);
    }

    /// <summary>Starts over with <paramref name="flags"/> (none means as-is, ANSI).</summary>
    public void Reset(SqliFlags flags)
    {
        if (flags == SqliFlags.None) flags = SqliFlags.QuoteNone | SqliFlags.SqlAnsi;
        Tokens.Clear();
        Flags = flags;
        Pos = 0;
        Current = 0;
        StatsCommentDdx = 0;
        StatsCommentHash = 0;
        StatsFolds = 0;
        StatsTokens = 0;
    }

    private ref SqliToken Cur => ref Tokens[Current];

    private readonly byte At(int i) => i < S.Length ? S[i] : (byte)0;

    public static bool IsWhite(byte ch) => White.Contains(ch);

    /// <summary>Reads the next token into the current slot; false at the end of the input.</summary>
    public bool Next()
    {
        var slen = S.Length;
        if (slen == 0) return false;
        Cur.Clear();

        // At the start, in a quote context, pretend the input began with that quote.
        if (Pos == 0 && (Flags & (SqliFlags.QuoteSingle | SqliFlags.QuoteDouble)) != 0)
        {
            Pos = ParseStringCore(0, ref Cur, (Flags & SqliFlags.QuoteSingle) != 0 ? Single : Double, 0);
            StatsTokens += 1;
            return true;
        }

        while (Pos < slen)
        {
            Pos = (SqliParser)SqliData.CharParsers[S[Pos]] switch
            {
                SqliParser.White => Pos + 1,
                SqliParser.Operator1 => ParseOperator1(),
                SqliParser.Other => ParseOther(),
                SqliParser.Char => ParseChar(),
                SqliParser.Hash => ParseHash(),
                SqliParser.Dash => ParseDash(),
                SqliParser.Slash => ParseSlash(),
                SqliParser.Backslash => ParseBackslash(),
                SqliParser.Operator2 => ParseOperator2(),
                SqliParser.String => ParseString(),
                SqliParser.Word => ParseWord(),
                SqliParser.Var => ParseVar(),
                SqliParser.Number => ParseNumber(),
                SqliParser.Tick => ParseTick(),
                SqliParser.Ustring => ParseUString(),
                SqliParser.Qstring => ParseQStringCore(0),
                SqliParser.Nqstring => ParseNqString(),
                SqliParser.Xstring => ParseXString(),
                SqliParser.Bstring => ParseBString(),
                SqliParser.Estring => ParseEString(),
                SqliParser.Bword => ParseBWord(),
                SqliParser.Money => ParseMoney(),
                _ => Pos + 1,
            };
            if (Cur.Type != SqliType.None)
            {
                StatsTokens += 1;
                return true;
            }
        }
        return false;
    }

    private int ParseOperator1()
    {
        Cur.AssignChar(SqliType.Operator, Pos, S[Pos]);
        return Pos + 1;
    }

    private int ParseOther()
    {
        Cur.AssignChar(SqliType.Unknown, Pos, S[Pos]);
        return Pos + 1;
    }

    private int ParseChar()
    {
        Cur.AssignChar(S[Pos], Pos, S[Pos]);
        return Pos + 1;
    }

    private int ParseEolComment()
    {
        var end = S[Pos..].IndexOf((byte)'\n');
        if (end < 0)
        {
            Cur.Assign(SqliType.Comment, Pos, S[Pos..]);
            return S.Length;
        }
        Cur.Assign(SqliType.Comment, Pos, S.Slice(Pos, end));
        return Pos + end + 1;
    }

    /// <summary>In ANSI mode <c>#</c> is an operator; in MySQL mode it starts a comment to the end of the line.</summary>
    private int ParseHash()
    {
        StatsCommentHash += 1;
        if ((Flags & SqliFlags.SqlMysql) != 0)
        {
            StatsCommentHash += 1;
            return ParseEolComment();
        }
        Cur.AssignChar(SqliType.Operator, Pos, (byte)'#');
        return Pos + 1;
    }

    private int ParseDash()
    {
        var slen = S.Length;
        // "--" then white space or the end is a comment everywhere; "--x" is one in ANSI only;
        // otherwise '-' is an operator.
        if (Pos + 2 < slen && S[Pos + 1] == '-' && IsWhite(S[Pos + 2])) return ParseEolComment();
        if (Pos + 2 == slen && S[Pos + 1] == '-') return ParseEolComment();
        if (Pos + 1 < slen && S[Pos + 1] == '-' && (Flags & SqliFlags.SqlAnsi) != 0)
        {
            StatsCommentDdx += 1;
            return ParseEolComment();
        }
        Cur.AssignChar(SqliType.Operator, Pos, (byte)'-');
        return Pos + 1;
    }

    private int ParseSlash()
    {
        var slen = S.Length;
        var pos = Pos;
        if (pos + 1 == slen || S[pos + 1] != '*') return ParseOperator1();

        var close = IndexOfPair(S, pos + 2, slen - (pos + 2), (byte)'*', (byte)'/');
        var clen = close < 0 ? slen - pos : close + 2 - pos;

        // A "/*" inside the comment (PostgreSQL nests them) or a MySQL "/*!" version comment
        // cannot be parsed consistently: evil.
        var type = SqliType.Comment;
        if (close >= 0 && IndexOfPair(S, pos + 2, close - (pos + 1), (byte)'/', (byte)'*') >= 0) type = SqliType.Evil;
        else if (pos + 2 < slen && S[pos + 2] == '!') type = SqliType.Evil;

        Cur.Assign(type, pos, S.Slice(pos, clen));
        return pos + clen;
    }

    private int ParseBackslash()
    {
        // MySQL's "\N" (capital N only) is NULL.
        if (Pos + 1 < S.Length && S[Pos + 1] == 'N')
        {
            Cur.Assign(SqliType.Number, Pos, S.Slice(Pos, 2));
            return Pos + 2;
        }
        Cur.AssignChar(SqliType.Backslash, Pos, S[Pos]);
        return Pos + 1;
    }

    private int ParseOperator2()
    {
        var slen = S.Length;
        var pos = Pos;
        if (pos + 1 >= slen) return ParseOperator1();
        if (pos + 2 < slen && S[pos] == '<' && S[pos + 1] == '=' && S[pos + 2] == '>')
        {
            Cur.Assign(SqliType.Operator, pos, S.Slice(pos, 3));
            return pos + 3;
        }
        var type = SqliKeywords.Lookup(S.Slice(pos, 2));
        if (type != 0)
        {
            Cur.Assign(type, pos, S.Slice(pos, 2));
            return pos + 2;
        }
        if (S[pos] == ':')
        {
            Cur.Assign(SqliType.Colon, pos, S.Slice(pos, 1));
            return pos + 1;
        }
        return ParseOperator1();
    }

    /// <summary>An odd number of backslashes ending at <paramref name="end"/> (not before <paramref name="start"/>) escapes.</summary>
    private readonly bool IsBackslashEscaped(int end, int start)
    {
        var p = end;
        while (p >= start && S[p] == '\\') p--;
        return ((end - p) & 1) == 1;
    }

    /// <summary>
    /// A string from <paramref name="pos"/> + <paramref name="offset"/> up to an unescaped
    /// <paramref name="delim"/> (a backslash or a doubled delimiter escapes it), or to the end.
    /// </summary>
    private int ParseStringCore(int pos, ref SqliToken token, byte delim, int offset)
    {
        var len = S.Length;
        var start = pos + offset;
        var q = IndexOf(S, start, delim);
        token.StrOpen = offset > 0 ? delim : (byte)0;
        while (true)
        {
            if (q < 0)
            {
                token.Assign(SqliType.String, start, S[start..]);
                token.StrClose = 0;
                return len;
            }
            if (IsBackslashEscaped(q - 1, start))
            {
                q = IndexOf(S, q + 1, delim);
                continue;
            }
            if (q + 1 < len && S[q + 1] == S[q])
            {
                q = IndexOf(S, q + 2, delim);
                continue;
            }
            token.Assign(SqliType.String, start, S[start..q]);
            token.StrClose = delim;
            return q + 1;
        }
    }

    private int ParseString() => ParseStringCore(Pos, ref Cur, S[Pos], 1);

    /// <summary>MySQL's N'...' (national character set) and PostgreSQL's E'...' (escaped) strings.</summary>
    private int ParseEString()
    {
        if (Pos + 2 >= S.Length || S[Pos + 1] != Single) return ParseWord();
        return ParseStringCore(Pos, ref Cur, Single, 2);
    }

    private int ParseUString()
    {
        var slen = S.Length;
        if (Pos + 2 < slen && S[Pos + 1] == '&' && S[Pos + 2] == '\'')
        {
            Pos += 2;
            var end = ParseString();
            Cur.StrOpen = (byte)'u';
            if (Cur.StrClose == '\'') Cur.StrClose = (byte)'u';
            return end;
        }
        return ParseWord();
    }

    /// <summary>Oracle's q'(...)' strings (and nq'...' with <paramref name="offset"/> 1).</summary>
    private int ParseQStringCore(int offset)
    {
        var slen = S.Length;
        var pos = Pos + offset;
        if (pos >= slen || (S[pos] != 'q' && S[pos] != 'Q') || pos + 2 >= slen || S[pos + 1] != '\'') return ParseWord();

        // C compares a signed char: bytes 0x80 and above count as below 33 too.
        var ch = S[pos + 2];
        if ((sbyte)ch < 33) return ParseWord();
        ch = ch switch
        {
            (byte)'(' => (byte)')',
            (byte)'[' => (byte)']',
            (byte)'{' => (byte)'}',
            (byte)'<' => (byte)'>',
            _ => ch,
        };
        var end = IndexOfPair(S, pos + 3, slen - pos - 3, ch, (byte)'\'');
        if (end < 0)
        {
            Cur.Assign(SqliType.String, pos + 3, S[(pos + 3)..]);
            Cur.StrOpen = (byte)'q';
            Cur.StrClose = 0;
            return slen;
        }
        Cur.Assign(SqliType.String, pos + 3, S[(pos + 3)..end]);
        Cur.StrOpen = (byte)'q';
        Cur.StrClose = (byte)'q';
        return end + 2;
    }

    private int ParseNqString()
    {
        if (Pos + 2 < S.Length && S[Pos + 1] == Single) return ParseEString();
        return ParseQStringCore(1);
    }

    /// <summary>Binary literal <c>[bB]'[01]*'</c>.</summary>
    private int ParseBString() => ParseQuotedLiteral("01"u8);

    /// <summary>Hex literal <c>[xX]'[0-9a-fA-F]*'</c>.</summary>
    private int ParseXString() => ParseQuotedLiteral("0123456789ABCDEFabcdef"u8);

    private int ParseQuotedLiteral(ReadOnlySpan<byte> digits)
    {
        var slen = S.Length;
        var pos = Pos;
        if (pos + 2 >= slen || S[pos + 1] != '\'') return ParseWord();
        var wlen = SpanOf(S, pos + 2, digits);
        if (pos + 2 + wlen >= slen || S[pos + 2 + wlen] != '\'') return ParseWord();
        Cur.Assign(SqliType.Number, pos, S.Slice(pos, wlen + 3));
        return pos + 2 + wlen + 1;
    }

    /// <summary>SQL Server's [bracket words], read in MySQL mode; otherwise '[' is a '(' (libinjection 4).</summary>
    private int ParseBWord()
    {
        var pos = Pos;
        if ((Flags & SqliFlags.SqlMysql) == 0)
        {
            Cur.Assign(SqliType.LeftParens, pos, S.Slice(pos, 1));
            return pos + 1;
        }
        var end = S[pos..].IndexOf((byte)']');
        if (end < 0)
        {
            Cur.Assign(SqliType.Bareword, pos, S[pos..]);
            return S.Length;
        }
        Cur.Assign(SqliType.Bareword, pos, S.Slice(pos, end + 1));
        return pos + end + 1;
    }

    private int ParseWord()
    {
        var pos = Pos;
        var rest = S[pos..];
        var wlen = rest.IndexOfAny(WordEnd);
        if (wlen < 0) wlen = rest.Length;
        Cur.Assign(SqliType.Bareword, pos, S.Slice(pos, wlen));

        // "SELECT.1" or "SELECT`col`": a keyword before a '.' or '`' is a token of its own.
        for (var i = 0; i < Cur.Len; ++i)
        {
            var delim = Cur.Val[i];
            if (delim is (byte)'.' or (byte)'`')
            {
                var type = SqliKeywords.Lookup(Cur.Text[..i]);
                if (type != SqliType.None && type != SqliType.Bareword)
                {
                    Cur.Clear();
                    Cur.Assign(type, pos, S.Slice(pos, i));
                    return pos + i;
                }
            }
        }

        if (wlen < TokenValue.Size)
        {
            var type = SqliKeywords.Lookup(Cur.Text[..wlen]);
            Cur.Type = type == 0 ? SqliType.Bareword : type;
        }
        return pos + wlen;
    }

    /// <summary>MySQL back-ticks: a string that names something (a function name stays a function).</summary>
    private int ParseTick()
    {
        var end = ParseStringCore(Pos, ref Cur, Tick, 1);
        Cur.Type = SqliKeywords.Lookup(Cur.Text) == SqliType.Function ? SqliType.Function : SqliType.Bareword;
        return end;
    }

    private int ParseVar()
    {
        var slen = S.Length;
        var pos = Pos + 1;
        if (pos < slen && S[pos] == '@')
        {
            pos += 1;
            Cur.Count = 2;
        }
        else
        {
            Cur.Count = 1;
        }

        // MySQL allows @@`version` and quoted names.
        if (pos < slen)
        {
            if (S[pos] == '`')
            {
                Pos = pos;
                var end = ParseTick();
                Cur.Type = SqliType.Variable;
                return end;
            }
            if (S[pos] is Single or Double)
            {
                Pos = pos;
                var end = ParseString();
                Cur.Type = SqliType.Variable;
                return end;
            }
        }

        var rest = S[pos..];
        var xlen = rest.IndexOfAny(VarEnd);
        if (xlen < 0) xlen = rest.Length;
        Cur.Assign(SqliType.Variable, pos, S.Slice(pos, xlen));
        return pos + xlen;
    }

    private int ParseMoney()
    {
        var slen = S.Length;
        var pos = Pos;
        if (pos + 1 == slen)
        {
            Cur.AssignChar(SqliType.Bareword, pos, (byte)'$');
            return slen;
        }

        // $1,000.00 or $1.000,00 (and, harmlessly, $....,,,111).
        var xlen = SpanOf(S, pos + 1, "0123456789.,"u8);
        if (xlen == 0)
        {
            if (S[pos + 1] == '$')
            {
                // $$...$$ is a PostgreSQL string.
                var end = IndexOfPair(S, pos + 2, slen - pos - 2, (byte)'$', (byte)'$');
                if (end < 0)
                {
                    Cur.Assign(SqliType.String, pos + 2, S[(pos + 2)..]);
                    Cur.StrOpen = (byte)'$';
                    Cur.StrClose = 0;
                    return slen;
                }
                Cur.Assign(SqliType.String, pos + 2, S[(pos + 2)..end]);
                Cur.StrOpen = (byte)'$';
                Cur.StrClose = (byte)'$';
                return end + 2;
            }

            // Maybe PostgreSQL's $tag$...$tag$ string.
            xlen = SpanOf(S, pos + 1, "abcdefghjiklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"u8);
            if (xlen == 0 || pos + xlen + 1 == slen || S[pos + xlen + 1] != '$')
            {
                Cur.AssignChar(SqliType.Bareword, pos, (byte)'$');
                return pos + 1;
            }
            var tag = S.Slice(pos, xlen + 2);
            var bodyStart = pos + xlen + 2;
            var close = S[bodyStart..].IndexOf(tag);
            if (close < 0)
            {
                Cur.Assign(SqliType.String, bodyStart, S[bodyStart..]);
                Cur.StrOpen = (byte)'$';
                Cur.StrClose = 0;
                return slen;
            }
            Cur.Assign(SqliType.String, bodyStart, S.Slice(bodyStart, close));
            Cur.StrOpen = (byte)'$';
            Cur.StrClose = (byte)'$';
            return bodyStart + close + xlen + 2;
        }
        if (xlen == 1 && S[pos + 1] == '.') return ParseWord();
        Cur.Assign(SqliType.Number, pos, S.Slice(pos, 1 + xlen));
        return pos + 1 + xlen;
    }

    private int ParseNumber()
    {
        var slen = S.Length;
        var pos = Pos;

        if (S[pos] == '0' && pos + 1 < slen)
        {
            var digits = S[pos + 1] switch
            {
                (byte)'X' or (byte)'x' => "0123456789ABCDEFabcdef"u8,
                (byte)'B' or (byte)'b' => "01"u8,
                _ => default,
            };
            if (!digits.IsEmpty)
            {
                var xlen = SpanOf(S, pos + 2, digits);
                if (xlen == 0)
                {
                    Cur.Assign(SqliType.Bareword, pos, S.Slice(pos, 2));
                    return pos + 2;
                }
                Cur.Assign(SqliType.Number, pos, S.Slice(pos, 2 + xlen));
                return pos + 2 + xlen;
            }
        }

        var start = pos;
        while (pos < slen && IsDigit(S[pos])) pos += 1;
        if (pos < slen && S[pos] == '.')
        {
            pos += 1;
            while (pos < slen && IsDigit(S[pos])) pos += 1;
            if (pos - start == 1)
            {
                Cur.AssignChar(SqliType.Dot, start, (byte)'.');
                return pos;
            }
        }

        bool haveE = false, haveExp = false;
        if (pos < slen && S[pos] is (byte)'E' or (byte)'e')
        {
            haveE = true;
            pos += 1;
            if (pos < slen && S[pos] is (byte)'+' or (byte)'-') pos += 1;
            while (pos < slen && IsDigit(S[pos]))
            {
                haveExp = true;
                pos += 1;
            }
        }

        // Oracle's float/double suffix: "1.2f" at the end, before white space or ';', or in "1fUNION".
        if (pos < slen && S[pos] is (byte)'d' or (byte)'D' or (byte)'f' or (byte)'F')
        {
            if (pos + 1 == slen) pos += 1;
            else if (IsWhite(S[pos + 1]) || S[pos + 1] == ';') pos += 1;
            else if (S[pos + 1] is (byte)'u' or (byte)'U') pos += 1;
        }

        // "1234.e", "10.10E", ".E": MySQL ignores them ("1' or 1.e(1)" is "1' or (1)"), so no token
        // (libinjection 4; 3 made them a word, which let that injection through).
        if (!(haveE && !haveExp)) Cur.Assign(SqliType.Number, start, S[start..pos]);
        return pos;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>The first index of <paramref name="value"/> at or after <paramref name="from"/>, or -1.</summary>
    private static int IndexOf(ReadOnlySpan<byte> s, int from, byte value)
    {
        if (from >= s.Length) return -1;
        var i = s[from..].IndexOf(value);
        return i < 0 ? -1 : from + i;
    }

    /// <summary>
    /// libinjection's <c>memchr2</c>: the index of the pair <paramref name="c0"/><paramref name="c1"/>
    /// starting within <paramref name="length"/> bytes from <paramref name="from"/>, or -1.
    /// </summary>
    internal static int IndexOfPair(ReadOnlySpan<byte> s, int from, int length, byte c0, byte c1)
    {
        if (length < 2) return -1;
        var last = from + length - 1;
        for (var cur = from; cur < last; cur++)
            if (s[cur] == c0 && s[cur + 1] == c1) return cur;
        return -1;
    }

    /// <summary>How many bytes from <paramref name="from"/> are in <paramref name="accept"/> (a zero byte always is, as in C).</summary>
    private static int SpanOf(ReadOnlySpan<byte> s, int from, ReadOnlySpan<byte> accept)
    {
        var i = from;
        while (i < s.Length && (s[i] == 0 || accept.Contains(s[i]))) i++;
        return i - from;
    }
}
