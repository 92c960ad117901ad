// Port of libinjection 4 (https://github.com/libinjection/libinjection, src/libinjection_sqli.c).
// Copyright (c) 2012-2016, Nick Galbreath; 2021 LibInjection. BSD-3-Clause: see COPYING.txt in this folder.

namespace ProxyServer.Runtime.Waf.LibInjection;

/// <summary>
/// libinjection's folding: reads tokens and merges the ones that do not change the shape of the
/// SQL ("1+1" is one number, "UNION" "ALL" one keyword...) until at most five are left; their
/// types are the fingerprint.
/// </summary>
internal ref partial struct SqliTokenizer
{
    public const int MaxTokens = 5;

    private static bool IsUnaryOp(in SqliToken t)
    {
        if (t.Type != SqliType.Operator) return false;
        return t.Len switch
        {
            1 => t.Val[0] is (byte)'+' or (byte)'-' or (byte)'!' or (byte)'~',
            2 => t.Val[0] == '!' && t.Val[1] == '!',
            3 => EqualsUpper("NOT"u8, t.Text),
            _ => false,
        };
    }

    private static bool IsArithmeticOp(in SqliToken t) =>
        t.Type == SqliType.Operator && t.Len == 1 && t.Val[0] is (byte)'*' or (byte)'/' or (byte)'-' or (byte)'+' or (byte)'%';

    /// <summary>libinjection's <c>cstrcasecmp(upper, value, len) == 0</c>: equal once a-z of <paramref name="value"/> is upper-cased.</summary>
    internal static bool EqualsUpper(ReadOnlySpan<byte> upper, ReadOnlySpan<byte> value)
    {
        if (upper.Length != value.Length) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b is >= (byte)'a' and <= (byte)'z') b -= 0x20;
            if (b != upper[i]) return false;
        }
        return true;
    }

    private static bool IsWordType(byte type, bool acceptLogic) =>
        type is SqliType.Keyword or SqliType.Bareword or SqliType.Operator or SqliType.Union or SqliType.Function
            or SqliType.Expression or SqliType.Tsql or SqliType.SqlType
        || (acceptLogic && type == SqliType.LogicOperator);

    /// <summary>"UNION" + "ALL" becomes "UNION ALL" when the pair is itself a keyword.</summary>
    private bool MergeWords(int a, int b)
    {
        ref var first = ref Tokens[a];
        ref var second = ref Tokens[b];
        if (!IsWordType(first.Type, false) || !IsWordType(second.Type, true)) return false;
        var size = first.Len + second.Len + 1;
        if (size >= TokenValue.Size) return false;
        Span<byte> merged = stackalloc byte[size];
        first.Text.CopyTo(merged);
        merged[first.Len] = (byte)' ';
        second.Text.CopyTo(merged[(first.Len + 1)..]);
        var type = SqliKeywords.Lookup(merged);
        if (type == 0) return false;
        first.Assign(type, first.Pos, merged);
        return true;
    }

    /// <summary>Reads and folds tokens; returns how many are left (at most <see cref="MaxTokens"/>).</summary>
    public int Fold()
    {
        var lastComment = default(SqliToken);
        var pos = 0;   // where the next token goes
        var left = 0;  // how many tokens are already final
        var more = true;

        // Skip leading comments, '(' , SQL types and unary operators.
        Current = 0;
        while (more)
        {
            more = Next();
            ref var t = ref Tokens[Current];
            if (!(t.Type is SqliType.Comment or SqliType.LeftParens or SqliType.SqlType || IsUnaryOp(t))) break;
        }
        if (!more) return 0;
        pos += 1;

        var v = Tokens;
        while (true)
        {
            // With all five tokens, a few shapes fold further: "1,(1)" "n-(n)" "1),(1" "n)-(n".
            if (pos >= MaxTokens)
            {
                if ((v[0].Type == SqliType.Number && (v[1].Type == SqliType.Operator || v[1].Type == SqliType.Comma)
                        && v[2].Type == SqliType.LeftParens && v[3].Type == SqliType.Number && v[4].Type == SqliType.RightParens)
                    || (v[0].Type == SqliType.Bareword && v[1].Type == SqliType.Operator && v[2].Type == SqliType.LeftParens
                        && (v[3].Type == SqliType.Bareword || v[3].Type == SqliType.Number) && v[4].Type == SqliType.RightParens)
                    || (v[0].Type == SqliType.Number && v[1].Type == SqliType.RightParens && v[2].Type == SqliType.Comma
                        && v[3].Type == SqliType.LeftParens && v[4].Type == SqliType.Number)
                    || (v[0].Type == SqliType.Bareword && v[1].Type == SqliType.RightParens && v[2].Type == SqliType.Operator
                        && v[3].Type == SqliType.LeftParens && v[4].Type == SqliType.Bareword))
                {
                    if (pos > MaxTokens)
                    {
                        v[1] = v[MaxTokens];
                        pos = 2;
                        left = 0;
                    }
                    else
                    {
                        pos = 1;
                        left = 0;
                    }
                }
            }

            if (!more || left >= MaxTokens)
            {
                left = pos;
                break;
            }

            more = ReadUpTo(2, left, ref pos, ref lastComment, more);
            if (pos - left < 2)
            {
                left = pos;
                continue;
            }

            ref var l0 = ref v[left];
            ref var l1 = ref v[left + 1];

            // Two-token folds.
            if (l0.Type == SqliType.String && l1.Type == SqliType.String)
            {
                // "foo" "bar" is valid SQL: ignore the second string.
                pos -= 1;
                StatsFolds += 1;
                continue;
            }
            if (l0.Type == SqliType.Semicolon && l1.Type == SqliType.Semicolon)
            {
                pos -= 1;
                StatsFolds += 1;
                continue;
            }
            if ((l0.Type == SqliType.Operator || l0.Type == SqliType.LogicOperator) && (IsUnaryOp(l1) || l1.Type == SqliType.SqlType))
            {
                pos -= 1;
                StatsFolds += 1;
                left = 0;
                continue;
            }
            if (l0.Type == SqliType.LeftParens && IsUnaryOp(l1))
            {
                pos -= 1;
                StatsFolds += 1;
                if (left > 0) left -= 1;
                continue;
            }
            if (MergeWords(left, left + 1))
            {
                pos -= 1;
                StatsFolds += 1;
                if (left > 0) left -= 1;
                continue;
            }
            if (l0.Type == SqliType.Semicolon && l1.Type == SqliType.Function
                && l1.Val[0] is (byte)'I' or (byte)'i' && l1.Val[1] is (byte)'F' or (byte)'f')
            {
                // IF after ';' is Transact-SQL control flow, not the function.
                l1.Type = SqliType.Tsql;
                continue;
            }
            if ((l0.Type == SqliType.Bareword || l0.Type == SqliType.Variable) && l1.Type == SqliType.LeftParens
                && IsFunctionLikeName(l0.Text))
            {
                l0.Type = SqliType.Function;
                continue;
            }
            if (l0.Type == SqliType.Keyword && (EqualsUpper("IN"u8, l0.Text) || EqualsUpper("NOT IN"u8, l0.Text)))
            {
                // "IN (" is an operator; otherwise (e.g. "IN BOOLEAN MODE") nothing.
                l0.Type = l1.Type == SqliType.LeftParens ? SqliType.Operator : SqliType.Bareword;
                continue;
            }
            if (l0.Type == SqliType.Operator && (EqualsUpper("LIKE"u8, l0.Text) || EqualsUpper("NOT LIKE"u8, l0.Text)))
            {
                // "LIKE(" is a function; either way, go on to the three-token folds.
                if (l1.Type == SqliType.LeftParens) l0.Type = SqliType.Function;
            }
            else if (l0.Type == SqliType.SqlType && l1.Type is SqliType.Bareword or SqliType.Number or SqliType.SqlType
                         or SqliType.LeftParens or SqliType.Function or SqliType.Variable or SqliType.String)
            {
                l0 = l1;
                pos -= 1;
                StatsFolds += 1;
                left = 0;
                continue;
            }
            else if (l0.Type == SqliType.Collate && l1.Type == SqliType.Bareword)
            {
                // Too many collations to list: a bare word with '_' after COLLATE is one.
                if (l1.CString.Contains((byte)'_'))
                {
                    l1.Type = SqliType.SqlType;
                    left = 0;
                }
            }
            else if (l0.Type == SqliType.Backslash)
            {
                if (IsArithmeticOp(l1))
                {
                    // T-SQL reads '\%1' as '0 % 1'.
                    l0.Type = SqliType.Number;
                }
                else
                {
                    // T-SQL reads '\1' as '1'.
                    l0 = l1;
                    pos -= 1;
                    StatsFolds += 1;
                }
                left = 0;
                continue;
            }
            else if (l0.Type == SqliType.LeftParens && l1.Type == SqliType.LeftParens)
            {
                pos -= 1;
                left = 0;
                StatsFolds += 1;
                continue;
            }
            else if (l0.Type == SqliType.RightParens && l1.Type == SqliType.RightParens)
            {
                pos -= 1;
                left = 0;
                StatsFolds += 1;
                continue;
            }
            else if (l0.Type == SqliType.LeftBrace && l1.Type == SqliType.Bareword)
            {
                // MySQL's "{ ``.``.id }" is too odd to fold: evil. Otherwise ODBC's "{foo expr}" is expr.
                if (l1.Len == 0)
                {
                    l1.Type = SqliType.Evil;
                    return left + 2;
                }
                left = 0;
                pos -= 2;
                StatsFolds += 2;
                continue;
            }
            else if (l1.Type == SqliType.RightBrace)
            {
                pos -= 1;
                left = 0;
                StatsFolds += 1;
                continue;
            }

            // No two-token fold: get a third token.
            more = ReadUpTo(3, left, ref pos, ref lastComment, more);
            if (pos - left < 3)
            {
                left = pos;
                continue;
            }

            // Three-token folds.
            ref var a = ref v[left];
            ref var b = ref v[left + 1];
            ref var c = ref v[left + 2];
            if (a.Type == SqliType.Number && b.Type == SqliType.Operator && c.Type == SqliType.Number)
            {
                pos -= 2;
                left = 0;
                continue;
            }
            if (a.Type == SqliType.Operator && b.Type != SqliType.LeftParens && c.Type == SqliType.Operator)
            {
                left = 0;
                pos -= 2;
                continue;
            }
            if (a.Type == SqliType.LogicOperator && c.Type == SqliType.LogicOperator)
            {
                pos -= 2;
                left = 0;
                continue;
            }
            if (a.Type == SqliType.Variable && b.Type == SqliType.Operator
                && c.Type is SqliType.Variable or SqliType.Number or SqliType.Bareword)
            {
                pos -= 2;
                left = 0;
                continue;
            }
            if (a.Type is SqliType.Bareword or SqliType.Number && b.Type == SqliType.Operator
                && c.Type is SqliType.Number or SqliType.Bareword)
            {
                pos -= 2;
                left = 0;
                continue;
            }
            if (a.Type is SqliType.Bareword or SqliType.Number or SqliType.Variable or SqliType.String
                && b.Type == SqliType.Operator && b.CString.SequenceEqual("::"u8) && c.Type == SqliType.SqlType)
            {
                pos -= 2;
                left = 0;
                StatsFolds += 2;
                continue;
            }
            if (a.Type is SqliType.Bareword or SqliType.Number or SqliType.String or SqliType.Variable
                && b.Type == SqliType.Comma
                && c.Type is SqliType.Number or SqliType.Bareword or SqliType.String or SqliType.Variable)
            {
                pos -= 2;
                left = 0;
                continue;
            }
            if (a.Type is SqliType.Expression or SqliType.Group or SqliType.Comma && IsUnaryOp(b) && c.Type == SqliType.LeftParens)
            {
                // "SELECT + (", "LIMIT + (": drop the unary operator.
                b = c;
                pos -= 1;
                left = 0;
                continue;
            }
            if (a.Type is SqliType.Keyword or SqliType.Expression or SqliType.Group && IsUnaryOp(b)
                && c.Type is SqliType.Number or SqliType.Bareword or SqliType.Variable or SqliType.String or SqliType.Function)
            {
                // "select - 1": drop the unary operator.
                b = c;
                pos -= 1;
                left = 0;
                continue;
            }
            if (a.Type == SqliType.Comma && IsUnaryOp(b)
                && c.Type is SqliType.Number or SqliType.Bareword or SqliType.Variable or SqliType.String)
            {
                // ", -1" becomes ",1", then back up so "1,-1" can become "1".
                b = c;
                left = 0;
                pos -= 3;
                continue;
            }
            if (a.Type == SqliType.Comma && IsUnaryOp(b) && c.Type == SqliType.Function)
            {
                // "1,-sin(1)" becomes "1,sin(1)".
                b = c;
                pos -= 1;
                left = 0;
                continue;
            }
            if (a.Type == SqliType.Bareword && b.Type == SqliType.Dot && c.Type == SqliType.Bareword)
            {
                // databasename.table
                pos -= 2;
                left = 0;
                continue;
            }
            if (a.Type == SqliType.Expression && b.Type == SqliType.Dot && c.Type == SqliType.Bareword)
            {
                // "select . `foo`" is "select `foo`".
                b = c;
                pos -= 1;
                left = 0;
                continue;
            }
            if (a.Type == SqliType.Function && b.Type == SqliType.LeftParens && c.Type != SqliType.RightParens)
            {
                // USER() takes no arguments, so "User(foo)" is not that function.
                if (EqualsUpper("USER"u8, a.Text)) a.Type = SqliType.Bareword;
            }

            // No fold: the left-most token is final.
            left += 1;
        }

        // With room left, put back a comment that ended the input.
        if (left < MaxTokens && lastComment.Type == SqliType.Comment)
        {
            v[left] = lastComment;
            left += 1;
        }

        // A sixth token may have been read to decide the fifth.
        return Math.Min(left, MaxTokens);
    }

    /// <summary>
    /// Reads tokens until <paramref name="count"/> stand after <paramref name="left"/> (or the
    /// input ends); comments are not kept in place, only remembered in <paramref name="lastComment"/>.
    /// Returns whether more input remains.
    /// </summary>
    private bool ReadUpTo(int count, int left, ref int pos, ref SqliToken lastComment, bool more)
    {
        while (more && pos <= MaxTokens && pos - left < count)
        {
            Current = pos;
            more = Next();
            if (!more) break;
            if (Tokens[Current].Type == SqliType.Comment)
            {
                lastComment = Tokens[Current];
            }
            else
            {
                lastComment.Type = SqliType.None;
                pos += 1;
            }
        }
        return more;
    }

    /// <summary>Names that are functions only when a '(' follows (T-SQL and MySQL ones common as column names).</summary>
    private static bool IsFunctionLikeName(ReadOnlySpan<byte> name) =>
        EqualsUpper("USER_ID"u8, name) || EqualsUpper("USER_NAME"u8, name) || EqualsUpper("DATABASE"u8, name)
        || EqualsUpper("PASSWORD"u8, name) || EqualsUpper("USER"u8, name) || EqualsUpper("CURRENT_USER"u8, name)
        || EqualsUpper("CURRENT_DATE"u8, name) || EqualsUpper("CURRENT_TIME"u8, name)
        || EqualsUpper("CURRENT_TIMESTAMP"u8, name) || EqualsUpper("LOCALTIME"u8, name)
        || EqualsUpper("LOCALTIMESTAMP"u8, name);
}
