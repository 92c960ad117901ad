using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Rewrite;

/// <summary>
/// <c>return code [text|URL]</c> / <c>return URL</c>. With a redirect code the text is the Location;
/// with another code it is the body (sent as is, error_page does not apply); a code of 400 or more
/// without text goes through nginx's special response (its page, or error_page).
/// </summary>
public sealed class ReturnOp(int status, ComplexValue? text) : IRewriteOp
{
    public int StatusCode => status;

    public RewriteResult Execute(NginxRequest request)
    {
        // ngx_http_script_return_code: below 400 (or with text) it is ngx_http_send_response, which
        // sets the status before evaluating the text ($status) and sends an empty text as such: an
        // empty body, or for a redirect an empty Location. 400 and up without text: the error page.
        if (text is null && status >= 400) return new RewriteResult(RewriteResultKind.Respond, status);
        request.Status = status;
        var value = text?.Evaluate(request) ?? "";
        return IsRedirect(status)
            ? new RewriteResult(RewriteResultKind.Respond, status, Location: value, SendsResponse: true)
            : new RewriteResult(RewriteResultKind.Respond, status, Body: value, SendsResponse: true);
    }

    public static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;
}
