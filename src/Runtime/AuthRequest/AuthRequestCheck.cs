using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.AuthRequest;

/// <summary>
/// ngx_http_auth_request_handler: a GET subrequest to the URI, with the client's headers and no body, whose
/// answer is dropped. Its status decides: 2xx grants access, 401 and 403 are passed on (a 401 with the
/// first <c>WWW-Authenticate</c> the subrequest's upstream sent, as nginx 1.22 copies it), anything else is
/// 500 with "auth request unexpected status". The <c>auth_request_set</c> variables are set first, evaluated
/// in the subrequest (so <c>$upstream_http_*</c> reads its upstream's answer), whatever the status.
/// </summary>
public sealed class AuthRequestCheck(string uri, IReadOnlyList<AuthRequestVariable> variables) : IAccessCheck
{
    public string Uri => uri;

    public async ValueTask<int> CheckAsync(NginxRequest request)
    {
        if (await Subrequests.RunAsync(request, uri, null, new SubrequestOptions()) is not { } done) return 500;
        foreach (var variable in variables) variable.Assign(request, variable.Value.Evaluate(done.Request));
        var status = done.Status;
        if (status == 403) return 403;
        if (status == 401)
        {
            if (UpstreamHeaders.Header(done.Request.Features.Get<UpstreamAttempts>()?.LastResponse, "www_authenticate") is { } challenge)
                request.Http.Response.Headers.Append("WWW-Authenticate", challenge);
            return 401;
        }
        if (status is >= 200 and < 300) return Outcome.Allowed;
        request.LogError($"auth request unexpected status: {status}");
        return 500;
    }
}
