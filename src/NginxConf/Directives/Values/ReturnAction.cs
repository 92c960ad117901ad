namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// <c>return code [text|URL]</c> or <c>return URL</c> as <c>ngx_http_rewrite_return</c> reads it:
/// a lone URL (http://, https:// or starting with <c>$scheme</c>) means 302.
/// </summary>
public sealed record ReturnAction(int Code, string? Text)
{
    public static Parsed<ReturnAction> Parse(IReadOnlyList<string> args)
    {
        if (NginxNumber.TryParse(args[0], out var code))
        {
            if (code > 999) return Parsed<ReturnAction>.Fail($"invalid return code \"{args[0]}\"");
            return Parsed<ReturnAction>.Success(new ReturnAction((int)code, args.Count > 1 ? args[1] : null));
        }
        if (args.Count == 1 && (args[0].StartsWith("http://", StringComparison.Ordinal)
                                || args[0].StartsWith("https://", StringComparison.Ordinal)
                                || args[0].StartsWith("$scheme", StringComparison.Ordinal)))
            return Parsed<ReturnAction>.Success(new ReturnAction(302, args[0]));
        return Parsed<ReturnAction>.Fail($"invalid return code \"{args[0]}\"");
    }
}
