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
        var args = tokens.ToList();
        if (args.Count == 0 || args[0].Length < 1 || args[0][0] != '(') return Invalid(args.Count > 0 ? args[0] : "");
        if (args[0].Length == 1) args.RemoveAt(0);
        else args[0] = args[0][1..];
        if (args.Count == 0) return Invalid(")");
        var last = args[^1];
        if (last.Length < 1 || last[^1] != ')') return Invalid(last);
        if (last.Length == 1) args.RemoveAt(args.Count - 1);
        else args[^1] = last[..^1];
        if (args.Count == 0) return Invalid("");

        var first = args[0];
        if (first.Length > 1 && first[0] == '$')
        {
            if (args.Count == 1) return Parsed<IfCondition>.Success(new IfCondition(IfOperator.IsSet, first, null));
            if (args.Count != 3) return Invalid(first);
            IfOperator? op = args[1] switch
            {
                "=" => IfOperator.Equal,
                "!=" => IfOperator.NotEqual,
                "~" => IfOperator.Matches,
                "~*" => IfOperator.MatchesCaseless,
                "!~" => IfOperator.NotMatches,
                "!~*" => IfOperator.NotMatchesCaseless,
                _ => null,
            };
            if (op is not { } found) return Parsed<IfCondition>.Fail($"unexpected \"{args[1]}\" in condition");
            if (found is IfOperator.Matches or IfOperator.MatchesCaseless or IfOperator.NotMatches or IfOperator.NotMatchesCaseless
                && NginxRegex.Compile(args[2], found is IfOperator.MatchesCaseless or IfOperator.NotMatchesCaseless).Error is { } error)
                return Parsed<IfCondition>.Fail(error);
            return Parsed<IfCondition>.Success(new IfCondition(found, first, args[2]));
        }
        if ((first.Length == 2 && first[0] == '-') || (first.Length == 3 && first[0] == '!' && first[1] == '-'))
        {
            if (args.Count != 2) return Invalid(first);
            var negated = first[0] == '!';
            var test = first[^1];
            if (test is not ('f' or 'd' or 'e' or 'x')) return Parsed<IfCondition>.Fail($"unexpected \"{first}\" in condition");
            return Parsed<IfCondition>.Success(new IfCondition(IfOperator.FileTest, args[1], null) { FileTest = test, Negated = negated });
        }
        return Invalid(first);
    }

    private static Parsed<IfCondition> Invalid(string token) => Parsed<IfCondition>.Fail($"invalid condition \"{token}\"");
}
