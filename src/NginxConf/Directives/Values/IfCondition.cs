namespace ProxyServer.NginxConf.Directives.Values;

public enum IfOperator
{
    /// <summary><c>if ($var)</c>: true unless empty or "0".</summary>
    IsSet,
    Equal,
    NotEqual,
    Matches,
    MatchesCaseless,
    NotMatches,
    NotMatchesCaseless,
    /// <summary><c>-f</c> / <c>!-f</c> and the other file tests; see <see cref="IfCondition.FileTest"/>.</summary>
    FileTest,
}

/// <summary>
/// An <c>if (...)</c> condition read the way <c>ngx_http_rewrite_if_condition</c> reads its tokens:
/// the parentheses may stand alone or touch the first/last token.
/// </summary>
public sealed record IfCondition(IfOperator Operator, string Subject, string? Operand)
{
    /// <summary>For <see cref="IfOperator.FileTest"/>: <c>f</c>, <c>d</c>, <c>e</c> or <c>x</c>.</summary>
    public char FileTest { get; init; }

    /// <summary>For <see cref="IfOperator.FileTest"/>: written as <c>!-x</c>.</summary>
    public bool Negated { get; init; }

    public static Parsed<IfCondition> Parse(IReadOnlyList<string> tokens)
    {
        // nginx's indexes: the parentheses are cut off the first and last tokens; a token that was
        // only a parenthesis moves the bound instead, and the error names the token at "cur".
        var v = tokens.ToArray();
        if (v.Length == 0) return Invalid("");
        if (v[0].Length < 1 || v[0][0] != '(') return Invalid(v[0]);
        var cur = 0;
        if (v[0].Length == 1) cur = 1;
        else v[0] = v[0][1..];
        var last = v.Length - 1;
        if (v[last].Length < 1 || v[last][^1] != ')') return Invalid(v[last]);
        if (v[last].Length == 1) last--;
        else v[last] = v[last][..^1];

        var first = v[cur];
        if (first.Length > 1 && first[0] == '$')
        {
            if (cur == last) return Parsed<IfCondition>.Success(new IfCondition(IfOperator.IsSet, first, null));
            if (cur + 2 != last) return Invalid(first);
            IfOperator? op = v[cur + 1] switch
            {
                "=" => IfOperator.Equal,
                "!=" => IfOperator.NotEqual,
                "~" => IfOperator.Matches,
                "~*" => IfOperator.MatchesCaseless,
                "!~" => IfOperator.NotMatches,
                "!~*" => IfOperator.NotMatchesCaseless,
                _ => null,
            };
            if (op is not { } found) return Parsed<IfCondition>.Fail($"unexpected \"{v[cur + 1]}\" in condition");
            var caseless = found is IfOperator.MatchesCaseless or IfOperator.NotMatchesCaseless;
            if (found is IfOperator.Matches or IfOperator.NotMatches || caseless)
                if (NginxRegex.Compile(v[last], caseless).Error is { } error) return Parsed<IfCondition>.Fail(error);
            return Parsed<IfCondition>.Success(new IfCondition(found, first, v[last]));
        }
        if ((first.Length == 2 && first[0] == '-') || (first.Length == 3 && first[0] == '!' && first[1] == '-'))
        {
            if (cur + 1 != last) return Invalid(first);
            var test = first[^1];
            if (test is not ('f' or 'd' or 'e' or 'x')) return Parsed<IfCondition>.Fail($"unexpected \"{first}\" in condition");
            return Parsed<IfCondition>.Success(new IfCondition(IfOperator.FileTest, v[last], null) { FileTest = test, Negated = first[0] == '!' });
        }
        return Invalid(first);
    }

    private static Parsed<IfCondition> Invalid(string token) => Parsed<IfCondition>.Fail($"invalid condition \"{token}\"");
}
