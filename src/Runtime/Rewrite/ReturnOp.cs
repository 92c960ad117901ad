using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Rewrite;

/// <summary>
/// <c>return code [text|URL]</c> / <c>return URL</c>. With a redirect code the text is the Location;
/// with another code it is the body (sent as is, error_page does not apply); without text the
/// status goes through nginx's special response (its page, or error_page).
/// </summary>
public sealed class ReturnOp(int status, ComplexValue? text) : IRewriteOp
{
    public int StatusCode => status;

    public RewriteResult Execute(NginxRequest request)
    {
        if (text is null) return new RewriteResult(RewriteResultKind.Respond, status);
        var value = text.Evaluate(request);
        return IsRedirect(status)
            ? new RewriteResult(RewriteResultKind.Respond, status, Location: value)
            : new RewriteResult(RewriteResultKind.Respond, status, Body: value);
    }

    public static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;
}
