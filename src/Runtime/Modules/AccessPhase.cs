using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Modules;

/// <summary>
/// nginx's access phase proper: the location's <see cref="IAccessCheck"/>s in nginx's order
/// (allow/deny, then auth_basic, then auth_request), combined by <c>satisfy</c> as
/// ngx_http_core_access_phase and ngx_http_core_post_access_phase combine them, with
/// <c>auth_delay</c> before a 401 (ngx_http_core_auth_delay). It is one
/// <see cref="IAccessHandler"/> among the location's, placed where its first check was added:
/// before try_files (nginx's try_files phase follows post-access), so <c>satisfy any</c> never
/// skips it. The WAF is not among them: naxsi runs earlier, in the rewrite phase.
/// </summary>
public sealed class AccessPhase : IAccessHandler
{
    private readonly List<IAccessCheck> _checks = [];

    public IReadOnlyList<IAccessCheck> Checks => _checks;

    internal void Add(IAccessCheck check) => _checks.Add(check);

    public async ValueTask<int> CheckAsync(NginxRequest request)
    {
        // ngx_http_core_access_phase: a subrequest inherits its client request's access, and is not checked again.
        if (request.IsSubrequest) return Outcome.Continue;
        var any = request.Location.Core.SatisfyAny;
        var accessCode = 0;
        foreach (var check in _checks)
        {
            var rc = await check.CheckAsync(request);
            if (rc == Outcome.Continue) continue;
            if (!any)
            {
                if (rc == Outcome.Allowed) continue;
                return rc == 401 ? await AuthDelayAsync(request) : rc;
            }
            if (rc == Outcome.Allowed)
            {
                // satisfy any: one check granting access is enough; a 401's challenge is withdrawn.
                request.Http.Response.Headers.Remove("WWW-Authenticate");
                return Outcome.Continue;
            }
            if (rc is 403 or 401)
            {
                // A 401 is kept over a later 403, so a client can still authenticate.
                if (accessCode != 401) accessCode = rc;
                continue;
            }
            return rc;
        }

        if (accessCode == 0) return Outcome.Continue;
        if (accessCode == 403) request.LogError("access forbidden by rule");
        return accessCode == 401 ? await AuthDelayAsync(request) : accessCode;
    }

    /// <summary>ngx_http_core_auth_delay: <c>auth_delay</c> before answering 401, so timing tells nothing about the password.</summary>
    private static async ValueTask<int> AuthDelayAsync(NginxRequest request)
    {
        var delay = request.Location.Core.AuthDelay;
        if (delay > TimeSpan.Zero)
        {
            request.Log(Logging.LogLevel.Info, "delaying unauthorized request");
            await Task.Delay(delay, request.Http.RequestAborted);
        }
        return 401;
    }
}
