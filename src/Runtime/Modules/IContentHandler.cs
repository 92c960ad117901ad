using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Modules;

/// <summary>
/// Produces the response for a location (nginx's content phase): proxy_pass, static files,
/// stub_status... Returns <see cref="Outcome.Done"/> when it wrote the response, a status code
/// (404, 502...) for the core to answer with nginx's page or the location's <c>error_page</c>,
/// or <see cref="Outcome.Redirected"/> after <see cref="NginxRequest.RedirectTo"/>.
/// </summary>
public interface IContentHandler
{
    Task<int> HandleAsync(NginxRequest request);
}

/// <summary>
/// A check before content (nginx's access phase: allow/deny, auth, the WAF). Returns
/// <see cref="Outcome.Continue"/> to let the request through, a status code to stop it, or
/// <see cref="Outcome.Redirected"/> after <see cref="NginxRequest.RedirectTo"/> (e.g. DeniedUrl).
/// </summary>
public interface IAccessHandler
{
    ValueTask<int> CheckAsync(NginxRequest request);
}

/// <summary>
/// One handler of nginx's access phase proper (allow/deny, auth_basic, later auth_request), run by
/// <see cref="AccessPhase"/> in nginx's order and combined by <c>satisfy</c>. Returns
/// <see cref="Outcome.Continue"/> when it has no say (NGX_DECLINED), <see cref="Outcome.Allowed"/>
/// when it grants access (NGX_OK), or a status (403, 401, 500...).
/// </summary>
public interface IAccessCheck
{
    ValueTask<int> CheckAsync(NginxRequest request);
}

/// <summary>What phase handlers return besides an HTTP status code.</summary>
public static class Outcome
{
    /// <summary>Go on with the next handler or phase.</summary>
    public const int Continue = 0;

    /// <summary>The response has been written; only logging remains.</summary>
    public const int Done = -1;

    /// <summary>An internal redirect was requested with <see cref="NginxRequest.RedirectTo"/>.</summary>
    public const int Redirected = -2;

    /// <summary>An access check grants access (NGX_OK): with <c>satisfy any</c> the checks after it are skipped.</summary>
    public const int Allowed = -3;

    /// <summary>Close the connection without a response (nginx's 444).</summary>
    public const int Close = 444;
}
