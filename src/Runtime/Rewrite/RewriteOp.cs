using System.Text;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Rewrite;

public enum RewriteFlag { None, Last, Break, Redirect, Permanent }

/// <summary>
/// <c>rewrite regex replacement [flag]</c>. A replacement starting with <c>http://</c>,
/// <c>https://</c> or <c>$scheme</c> redirects (302 unless <c>permanent</c>). nginx's argument
/// rule: a <c>?</c> in the replacement starts new arguments and the old ones are appended after
/// them, unless the replacement ends with <c>?</c>.
/// </summary>
public sealed class RewriteOp : IRewriteOp
{
    private readonly NginxRegex _regex;
    private readonly ComplexValue _replacement;
    private readonly RewriteFlag _flag;
    private readonly bool _redirect;
    private readonly bool _dropOldArgs;
    private readonly bool _hasArgs;

    public RewriteOp(NginxRegex regex, ComplexValue replacement, RewriteFlag flag)
    {
        _regex = regex;
        _flag = flag;
        var source = replacement.Source;
        _redirect = flag is RewriteFlag.Redirect or RewriteFlag.Permanent
            || source.StartsWith("http://", StringComparison.Ordinal)
            || source.StartsWith("https://", StringComparison.Ordinal)
            || source.StartsWith("$scheme", StringComparison.Ordinal);
        _dropOldArgs = source.EndsWith('?');
        _hasArgs = source.Contains('?');
        _replacement = replacement;
    }

    public RewriteResult Execute(NginxRequest request)
    {
        if (!_regex.Match(request, request.Uri)) return RewriteResult.Next;

        // ngx_http_script_copy_capture_code: a request whose URI had escapes gets its captures
        // escaped where they land in arguments, or anywhere in a redirect (e->quote); in a new URI
        // they stay as decoded ("/capture/%25?a=b" rewritten to "$1?c=d" has $uri "/capture/%").
        var escape = request.Features.Get<QuotedUriMarker>() is not null;
        var value = escape ? _replacement.Evaluate(request, null, EscapeArgs, capturesInArgsOnly: !_redirect) : _replacement.Evaluate(request);
        if (_dropOldArgs) value = value[..^1];

        if (_redirect)
        {
            if (!_dropOldArgs && request.Args.Length > 0)
                value += (_hasArgs ? "&" : "?") + request.Args;
            var status = _flag == RewriteFlag.Permanent ? 301 : 302;
            return new RewriteResult(RewriteResultKind.Respond, status, Location: value);
        }

        var question = value.IndexOf('?');
        if (question >= 0)
        {
            var newArgs = value[(question + 1)..];
            value = value[..question];
            request.Args = !_dropOldArgs && request.Args.Length > 0
                ? newArgs.Length > 0 ? newArgs + "&" + request.Args : request.Args
                : newArgs;
        }
        else if (_dropOldArgs)
        {
            request.Args = "";
        }

        if (value.Length == 0)
        {
            request.LogError("the rewritten URI has a zero length");
            return new RewriteResult(RewriteResultKind.Respond, 500);
        }
        request.Uri = value;
        request.UriRewritten = true;
        // ngx_http_script_regex_end_code: a rewritten URI makes the request internal (an internal
        // location is then reachable, and naxsi does not check it again in the next location).
        request.IsInternal = true;
        if (_flag == RewriteFlag.Break) request.ValidLocation = false;
        else request.UriChanged = true;
        return _flag switch
        {
            RewriteFlag.Last => RewriteResult.Last,
            RewriteFlag.Break => RewriteResult.Break,
            _ => RewriteResult.Next,
        };
    }

    /// <summary>nginx's NGX_ESCAPE_ARGS for captures copied from a request whose URI had escapes.</summary>
    private static string EscapeArgs(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c <= ' ' || c >= '\x7f' || c is '"' or '#' or '%' or '&' or '+' or '?' or '\'')
                builder.Append('%').Append(((int)c).ToString("X2"));
            else
                builder.Append(c);
        }
        return builder.ToString();
    }
}

/// <summary>Present on a request whose URI held percent-escapes or '+' (nginx's quoted_uri / plus_in_uri).</summary>
public sealed class QuotedUriMarker
{
    public static readonly QuotedUriMarker Instance = new();
}
