// Port of libinjection 4 (https://github.com/libinjection/libinjection, src/libinjection_sqli.c).
// Copyright (c) 2012-2016, Nick Galbreath; 2021 LibInjection. BSD-3-Clause: see COPYING.txt in this folder.

namespace ProxyServer.Runtime.Waf.LibInjection;

/// <summary>
/// libinjection's SQL injection detector (<c>libinjection_sqli_init(FLAG_NONE)</c> then
/// <c>libinjection_is_sqli</c>, as naxsi calls it): the input is tokenized and folded into a
/// fingerprint of at most five token types, looked up among known SQLi fingerprints, then a few
/// rules drop the common false positives. The input is read as-is, then as if it continued a
/// single- or double-quoted string, in ANSI and, where comments make it matter, MySQL syntax.
/// </summary>
public static class Sqli
{
    /// <summary>True when <paramref name="input"/> looks like SQL injection.</summary>
    public static bool IsSqli(ReadOnlySpan<byte> input) => IsSqli(input, out _);

    /// <summary>True when <paramref name="input"/> looks like SQL injection; <paramref name="fingerprint"/> is the shape that matched.</summary>
    public static bool IsSqli(ReadOnlySpan<byte> input, out string fingerprint)
    {
        fingerprint = "";
        if (input.IsEmpty) return false;
        var tokenizer = new SqliTokenizer(input, stackalloc SqliToken[SqliTokenizer.TokenSlots], SqliFlags.None);
        Span<byte> print = stackalloc byte[SqliTokenizer.MaxTokens + 1];

        var found = Try(ref tokenizer, SqliFlags.QuoteNone | SqliFlags.SqlAnsi, print, out var length)
            || (ReparseAsMysql(tokenizer) && Try(ref tokenizer, SqliFlags.QuoteNone | SqliFlags.SqlMysql, print, out length));
        if (!found && input.Contains((byte)'\''))
        {
            found = Try(ref tokenizer, SqliFlags.QuoteSingle | SqliFlags.SqlAnsi, print, out length)
                || (ReparseAsMysql(tokenizer) && Try(ref tokenizer, SqliFlags.QuoteSingle | SqliFlags.SqlMysql, print, out length));
        }
        if (!found && input.Contains((byte)'"'))
            found = Try(ref tokenizer, SqliFlags.QuoteDouble | SqliFlags.SqlMysql, print, out length);

        if (found) fingerprint = System.Text.Encoding.ASCII.GetString(print[..length]);
        return found;
    }

    /// <summary>The fingerprint of <paramref name="input"/> read with <paramref name="flags"/> (for tests and tools).</summary>
    internal static string Fingerprint(ReadOnlySpan<byte> input, SqliFlags flags)
    {
        var tokenizer = new SqliTokenizer(input, stackalloc SqliToken[SqliTokenizer.TokenSlots], flags);
        Span<byte> print = stackalloc byte[SqliTokenizer.MaxTokens + 1];
        var length = Fingerprint(ref tokenizer, flags, print);
        return System.Text.Encoding.ASCII.GetString(print[..length]);
    }

    private static bool ReparseAsMysql(in SqliTokenizer tokenizer) => tokenizer.StatsCommentDdx != 0 || tokenizer.StatsCommentHash != 0;

    private static bool Try(ref SqliTokenizer tokenizer, SqliFlags flags, scoped Span<byte> print, out int length)
    {
        length = Fingerprint(ref tokenizer, flags, print);
        return IsBlacklisted(print[..length]) && !IsWhitelisted(tokenizer, print[..length]);
    }

    /// <summary>Folds the input read with <paramref name="flags"/> and writes the token types; returns their count.</summary>
    private static int Fingerprint(ref SqliTokenizer tokenizer, SqliFlags flags, scoped Span<byte> print)
    {
        tokenizer.Reset(flags);
        var count = tokenizer.Fold();
        var tokens = tokenizer.Tokens;

        // PHP's back-quote comment: an empty, unclosed `...` at the end is a comment.
        if (count > 2)
        {
            ref var last = ref tokens[count - 1];
            if (last.Type == SqliType.Bareword && last.StrOpen == '`' && last.Len == 0 && last.StrClose == 0)
                last.Type = SqliType.Comment;
        }

        for (var i = 0; i < count; i++) print[i] = tokens[i].Type;

        // Something that could not be parsed consistently makes the whole fingerprint "X".
        if (print[..count].Contains(SqliType.Evil))
        {
            tokens[0].Clear();
            tokens[0].Type = SqliType.Evil;
            tokens[0].Val[0] = SqliType.Evil;
            tokens[1].Type = SqliType.None;
            print[0] = SqliType.Evil;
            return 1;
        }
        return count;
    }

    /// <summary>Is the fingerprint a known SQLi shape ('0' + the upper-cased fingerprint, of type 'F')?</summary>
    private static bool IsBlacklisted(ReadOnlySpan<byte> print)
    {
        if (print.IsEmpty) return false;
        Span<byte> key = stackalloc byte[print.Length + 1];
        key[0] = (byte)'0';
        for (var i = 0; i < print.Length; i++)
            key[i + 1] = print[i] is >= (byte)'a' and <= (byte)'z' ? (byte)(print[i] - 0x20) : print[i];
        return SqliKeywords.Lookup(key) == SqliType.Fingerprint;
    }

    /// <summary>libinjection's <c>not_whitelist</c> inverted: true when a matched fingerprint is a known false positive.</summary>
    private static bool IsWhitelisted(in SqliTokenizer state, ReadOnlySpan<byte> print)
    {
        var tokens = state.Tokens;
        var length = print.Length;

        // SQL Server's audit log skips anything with 'sp_password' in it: always SQLi after a comment.
        if (length > 1 && print[length - 1] == SqliType.Comment && state.S.IndexOf("sp_password"u8) >= 0) return false;

        switch (length)
        {
            case 2:
                if (print[1] == SqliType.Union)
                    // "1 union" alone is common text; with folding or comments it is not.
                    return state.StatsTokens == 2;
                // A '#' comment is too common.
                if (tokens[1].Val[0] == '#') return true;
                // "nc": only a /* comment counts.
                if (tokens[0].Type == SqliType.Bareword && tokens[1].Type == SqliType.Comment && tokens[1].Val[0] != '/') return true;
                if (tokens[0].Type == SqliType.Number && tokens[1].Type == SqliType.Comment && tokens[1].Val[0] == '/') return false;
                if (tokens[0].Type == SqliType.Number && tokens[1].Type == SqliType.Comment)
                {
                    if (state.StatsTokens > 2) return false;
                    // "1234 --" and "1234/*" are SQLi; base64-ish "1234-ABC--" is not. C reads the
                    // byte after the number as a signed char: 0x80 and above count as white space.
                    var next = ByteAt(state.S, tokens[0].Len);
                    if ((sbyte)next <= 32) return false;
                    if (next == '/' && ByteAt(state.S, tokens[0].Len + 1) == '*') return false;
                    if (next == '-' && ByteAt(state.S, tokens[0].Len + 1) == '-') return false;
                    return true;
                }
                // "1-- foo" is plain text; only an input ending in "--" counts.
                if (tokens[1].Len > 2 && tokens[1].Val[0] == '-') return true;
                break;
            case 3:
                if (print.SequenceEqual("sos"u8) || print.SequenceEqual("s&s"u8))
                {
                    // ...foo" + "bar...: no opening quote, no closing quote, same quote between.
                    return !(tokens[0].StrOpen == 0 && tokens[2].StrClose == 0 && tokens[0].StrClose == tokens[2].StrOpen);
                }
                if (print.SequenceEqual("s&n"u8) || print.SequenceEqual("n&1"u8) || print.SequenceEqual("1&1"u8)
                    || print.SequenceEqual("1&v"u8) || print.SequenceEqual("1&s"u8))
                {
                    // 'sexy and 17' is text; 'sexy and 17<18' is not.
                    if (state.StatsTokens == 3) return true;
                }
                else if (tokens[1].Type == SqliType.Keyword)
                {
                    // Only "INTO OUTFILE"/"INTO DUMPFILE" (MySQL) make a keyword in the middle SQLi.
                    if (tokens[1].Len < 5 || !SqliTokenizer.EqualsUpper("INTO"u8, tokens[1].Text[..4])) return true;
                }
                break;
        }
        return false;
    }

    private static byte ByteAt(ReadOnlySpan<byte> s, int i) => (uint)i < (uint)s.Length ? s[i] : (byte)0;
}
